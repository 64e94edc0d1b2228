/**
 * The error every decorator throws when its own arguments are wrong, at class-definition time.
 */
import { PluginError } from "../core";
import { showValue as showCoreValue } from "../core/log";

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
  return showCoreValue(value, Number.MAX_SAFE_INTEGER);
}
