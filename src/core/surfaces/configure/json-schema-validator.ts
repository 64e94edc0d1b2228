/**
 * Checks configuration against the manifest's `[plugin.config_schema].schema` with Ajv, a
 * maintained and complete JSON Schema validator. It is loaded (and the schema compiled) only
 * when the first configuration arrives, so a plugin without configuration never pays for it.
 *
 * Formats are not checked: the daemon's own check is a subset of JSON Schema without them, and
 * the plugin must accept what the daemon accepted.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import { reasonOf } from "../../log";
import { childPath, type ConfigProblem, type ConfigValidator } from "./config-problems";

/** The draft a schema's `$schema` names decides the Ajv flavour; draft-07 (Ajv's default) otherwise. */
const FLAVOURS: ReadonlyArray<readonly [RegExp, string]> = [
  [/draft\/2020-12/, "ajv/dist/2020"],
  [/draft\/2019-09/, "ajv/dist/2019"],
];

type AjvClass = new (options: Record<string, unknown>) => { compile(schema: object): ValidateFunction };

/**
 * A validator for `schemaText` (JSON text of a schema), compiled on first use.
 *
 * @throws Error on first use when the schema cannot be compiled; the message names the section.
 */
export function jsonSchemaValidator(schemaText: string): ConfigValidator {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= compile(schemaText);
    if (validate(value)) return { ok: true, value };
    return { ok: false, problems: (validate.errors ?? []).map(toProblem) };
  };
}

function compile(schemaText: string): ValidateFunction {
  try {
    const schema = JSON.parse(schemaText) as Record<string, unknown>;
    const draft = typeof schema["$schema"] === "string" ? schema["$schema"] : "";
    const flavour = FLAVOURS.find(([pattern]) => pattern.test(draft))?.[1] ?? "ajv";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(flavour) as { default: AjvClass };
    return new loaded.default({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  } catch (error) {
    throw new Error(`[plugin.config_schema].schema cannot be compiled: ${reasonOf(error)}`, { cause: error });
  }
}

/** An Ajv error as a property and a message; a missing or extra property is named itself. */
function toProblem(error: ErrorObject): ConfigProblem {
  const path = pointerPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") return { path: childPath(path, String(params["missingProperty"])), message: "is required" };
  if (error.keyword === "additionalProperties") {
    return { path: childPath(path, String(params["additionalProperty"])), message: "is not an allowed property" };
  }
  if (error.keyword === "enum" && Array.isArray(params["allowedValues"])) {
    return { path, message: `must be one of ${JSON.stringify(params["allowedValues"])}` };
  }
  return { path, message: error.message ?? `fails ${error.keyword}` };
}

/** `/servers/0/url` -> `servers[0].url` (JSON Pointer escapes undone). */
function pointerPath(pointer: string): string {
  if (pointer === "") return "";
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<string>((path, segment) => childPath(path, /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment), "");
}
