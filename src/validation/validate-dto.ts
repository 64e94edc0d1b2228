/**
 * Turns plain JSON into a validated DTO instance, or into the list of constraints it broke.
 */
import type { ValidationError } from "class-validator";
import type { DtoClass } from "../decorators";
import { validationLibraries } from "./libraries";

/** One property that failed validation, with the constraints it broke and their messages. */
export interface ValidationDetail {
  /** Dotted path of the property (`address.city`, `items.0.name`); empty for the value itself. */
  property: string;
  /** Constraint name -> message, as class-validator reports them. */
  constraints: Record<string, string>;
}

/** Options of {@link validateDto}. */
export interface ValidateDtoOptions {
  /**
   * Refuse properties the DTO does not declare, naming each, instead of stripping them. For
   * operator configuration a misspelt key is then an error, not a silently missing setting.
   */
  forbidUnknown?: boolean;
}

/** The outcome of {@link validateDto}. */
export type DtoValidation<T> = { ok: true; value: T } | { ok: false; details: ValidationDetail[] };

/**
 * Transforms `plain` into an instance of `dto` and validates it synchronously. A value that is
 * not an object is refused here, and unknown properties are stripped (`whitelist`), or refused
 * with `forbidUnknown`. A DTO class with no constraints at all (a tool taking no arguments)
 * accepts any object, as its generated schema says; class-validator's `forbidUnknownValues`
 * would refuse every input to it.
 */
export function validateDto<T extends object>(dto: DtoClass<T>, plain: unknown, options: ValidateDtoOptions = {}): DtoValidation<T> {
  if (typeof plain !== "object" || plain === null || Array.isArray(plain)) {
    return { ok: false, details: [{ property: "", constraints: { isObject: `value must be an object, got ${describe(plain)}` } }] };
  }
  const { validator, transformer } = validationLibraries();
  const instance = transformer.plainToInstance(dto as unknown as new () => T, plain);
  const errors = validator.validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: options.forbidUnknown === true,
    forbidUnknownValues: false,
  });
  return errors.length === 0 ? { ok: true, value: instance } : { ok: false, details: flatten(errors, "") };
}

function flatten(errors: readonly ValidationError[], prefix: string): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  for (const error of errors) {
    const own = error.property ?? "";
    const property = prefix && own ? `${prefix}.${own}` : prefix || own;
    if (error.constraints) details.push({ property, constraints: { ...error.constraints } });
    if (error.children?.length) details.push(...flatten(error.children, property));
  }
  return details;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}
