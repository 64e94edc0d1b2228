/**
 * Generates a tool's `input_schema` (JSON Schema) from the class-validator metadata of its
 * DTO, so the schema the model sees and the validation the plugin runs cannot drift apart.
 */
import type { ValidationMetadata } from "class-validator/types/metadata/ValidationMetadata";
import type { JsonObject, JsonValue } from "../core";
import type { DtoClass } from "../decorators";
import { validationLibraries } from "./libraries";

type Schema = { [key: string]: JsonValue };

/** How one class-validator constraint narrows a property's schema. */
type ConstraintRule = (schema: Schema, constraints: readonly unknown[]) => void;

const RULES: Readonly<Record<string, ConstraintRule>> = {
  isString: (s) => (s["type"] = "string"),
  isInt: (s) => (s["type"] = "integer"),
  isNumber: (s) => (s["type"] = "number"),
  isBoolean: (s) => (s["type"] = "boolean"),
  isArray: (s) => (s["type"] = "array"),
  isObject: (s) => (s["type"] = "object"),
  isEmail: (s) => stringFormat(s, "email"),
  isUUID: (s) => stringFormat(s, "uuid"),
  isUrl: (s) => stringFormat(s, "uri"),
  isDateString: (s) => stringFormat(s, "date-time"),
  isISO8601: (s) => stringFormat(s, "date-time"),
  isNotEmpty: (s) => {
    if (s["type"] === "string" || s["type"] === undefined) s["minLength"] = Math.max(Number(s["minLength"] ?? 0), 1);
  },
  min: (s, [n]) => numeric(s, "minimum", n),
  max: (s, [n]) => numeric(s, "maximum", n),
  isPositive: (s) => (s["exclusiveMinimum"] = 0),
  isNegative: (s) => (s["exclusiveMaximum"] = 0),
  minLength: (s, [n]) => numeric(s, "minLength", n),
  maxLength: (s, [n]) => numeric(s, "maxLength", n),
  length: (s, [min, max]) => {
    numeric(s, "minLength", min);
    numeric(s, "maxLength", max);
  },
  arrayMinSize: (s, [n]) => numeric(s, "minItems", n),
  arrayMaxSize: (s, [n]) => numeric(s, "maxItems", n),
  isIn: (s, [values]) => {
    if (Array.isArray(values)) s["enum"] = values as JsonValue[];
  },
  isEnum: (s, [entity, values]) => {
    s["enum"] = (Array.isArray(values) ? values : enumValues(entity)) as JsonValue[];
  },
  matches: (s, [pattern]) => {
    if (pattern instanceof RegExp) s["pattern"] = pattern.source;
    else if (typeof pattern === "string") s["pattern"] = pattern;
  },
};

/** Builds the JSON Schema of a DTO class: an object with its properties and required keys. */
export function schemaFromDto(dto: DtoClass): JsonObject {
  return objectSchema(dto, new Set());
}

function objectSchema(dto: DtoClass, visiting: Set<DtoClass>): Schema {
  if (visiting.has(dto)) return { type: "object" };
  visiting.add(dto);
  const { validator } = validationLibraries();
  const metadata = validator.getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => object, "", true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const entry of metadata) {
    const list = byProperty.get(entry.propertyName) ?? [];
    list.push(entry);
    byProperty.set(entry.propertyName, list);
  }
  const properties: Schema = {};
  const required: string[] = [];
  for (const [property, entries] of byProperty) {
    properties[property] = propertySchema(dto, property, entries, visiting);
    if (isRequired(entries)) required.push(property);
  }
  visiting.delete(dto);
  const schema: Schema = { type: "object", properties };
  if (required.length > 0) schema["required"] = required;
  return schema;
}

/**
 * Whether validation refuses the property when it is missing: not `@IsOptional`, and carrying
 * a check that fails on `undefined` (`@ValidateNested` alone lets a missing value through).
 */
function isRequired(entries: readonly ValidationMetadata[]): boolean {
  if (entries.some((e) => e.type === "conditionalValidation" && e.name === "isOptional")) return false;
  return entries.some((e) => e.type === "customValidation" || e.type === "isDefined");
}

function propertySchema(dto: DtoClass, property: string, entries: ValidationMetadata[], visiting: Set<DtoClass>): Schema {
  const own: Schema = {};
  const item: Schema = {};
  // class-validator lists a property's constraints bottom-up; applying them in source order
  // lets a later, more specific rule (isInt after isNumber) win.
  for (const entry of [...entries].reverse()) {
    if (entry.type === "nestedValidation") {
      const nested = nestedClass(dto, property);
      if (nested) Object.assign(entry.each || isArrayProperty(dto, property) ? item : own, objectSchema(nested, visiting));
      continue;
    }
    const rule = entry.type === "customValidation" && entry.name ? RULES[entry.name] : undefined;
    if (rule) rule(entry.each ? item : own, entry.constraints ?? []);
  }
  if (Object.keys(item).length > 0 || own["type"] === "array") {
    own["type"] = "array";
    if (Object.keys(item).length > 0) own["items"] = item;
  }
  return own;
}

/** The class of a nested DTO property: class-transformer's `@Type`, else the emitted design type. */
function nestedClass(dto: DtoClass, property: string): DtoClass | undefined {
  const typeFunction = transformerTypeFunction(dto, property);
  const declared = typeFunction?.() ?? Reflect.getMetadata?.("design:type", dto.prototype, property);
  return typeof declared === "function" && declared !== Array && declared !== Object ? (declared as DtoClass) : undefined;
}

function transformerTypeFunction(dto: DtoClass, property: string): (() => unknown) | undefined {
  // The metadata storage is not part of class-transformer's index; its module path is stable.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const storage = require("class-transformer/cjs/storage") as {
    defaultMetadataStorage: { findTypeMetadata(target: unknown, property: string): { typeFunction: () => unknown } | undefined };
  };
  return storage.defaultMetadataStorage.findTypeMetadata(dto, property)?.typeFunction;
}

function isArrayProperty(dto: DtoClass, property: string): boolean {
  return Reflect.getMetadata?.("design:type", dto.prototype, property) === Array;
}

function stringFormat(schema: Schema, format: string): void {
  schema["type"] = "string";
  schema["format"] = format;
}

function numeric(schema: Schema, key: string, value: unknown): void {
  if (typeof value === "number" && Number.isFinite(value)) schema[key] = value;
}

function enumValues(entity: unknown): unknown[] {
  if (typeof entity !== "object" || entity === null) return [];
  // Numeric TypeScript enums map values back to names; keep only the forward values.
  return Object.entries(entity)
    .filter(([key]) => Number.isNaN(Number(key)))
    .map(([, value]) => value);
}
