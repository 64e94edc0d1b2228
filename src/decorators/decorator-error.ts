/**
 * The error every decorator throws when its own arguments are wrong, at class-definition time.
 */
import { PluginError } from "../core";

/** A decorator was given a bad argument; names the class member, the decorator and the value. */
export class DecoratorError extends PluginError {
  /** `Class.method`, or `Class` for a class decorator. */
  readonly target: string;
  /** The decorator, such as `@OnEvent`. */
  readonly decorator: string;

  constructor(target: string, decorator: string, problem: string) {
    super(`${decorator} on ${target}: ${problem}`);
    this.target = target;
    this.decorator = decorator;
  }
}

/** `Class.method` for a member decorator's target. */
export function memberName(prototype: object, key: string | symbol): string {
  const owner = typeof prototype === "function" ? prototype.name : prototype.constructor?.name;
  return `${owner || "<anonymous class>"}.${String(key)}`;
}

/** Renders a bad argument for an error message. */
export function showValue(value: unknown): string {
  if (typeof value === "function") return `function ${value.name || "<anonymous>"}`;
  // JSON would render NaN and the infinities as `null`, hiding the actual bad value.
  if (typeof value === "number" || typeof value === "symbol" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
