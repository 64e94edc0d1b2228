/**
 * `@Tool`: exposes a method to the agent loop as a tool.
 */
import type { JsonObject } from "../core";
import { DecoratorError, showValue } from "./decorator-error";
import { ownMemberRecord, type DtoClass } from "./metadata-store";
import { isDtoClass, requireInstanceMethod } from "./method-target";

/** Options of {@link Tool}. */
export interface ToolOptions {
  /** The tool name: listed in `[plugin.extends].tools`, prefixed `<plugin id>_` or `ext_<plugin id>_`. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /**
   * A DTO class for the arguments: they are transformed and validated before the method runs
   * (failure answers `-33402` with the constraints), and the input schema is generated from it.
   */
  input?: DtoClass;
  /** The JSON Schema advertised for the arguments; overrides the one generated from `input`. */
  inputSchema?: JsonObject;
}

/**
 * Exposes the method as a tool. It receives `(args, ctx)` and returns the tool's result; throw a
 * `ToolError` subclass to answer with a typed failure.
 *
 * @throws DecoratorError when an option is missing or has the wrong type, or the method already has a `@Tool`.
 */
export function Tool(options: ToolOptions): MethodDecorator {
  return (target, key, descriptor) => {
    const name = requireInstanceMethod("@Tool", target, key, descriptor);
    const fail = (problem: string): never => {
      throw new DecoratorError(name, "@Tool", problem);
    };
    if (typeof options !== "object" || options === null) fail(`options must be an object, got ${showValue(options)}`);
    if (typeof options.name !== "string" || options.name.trim() === "") {
      fail(`name must be a non-empty string, got ${showValue(options.name)}`);
    }
    if (typeof options.description !== "string") fail(`description must be a string, got ${showValue(options.description)}`);
    if (options.input !== undefined && !isDtoClass(options.input)) {
      fail(`input must be a DTO class, got ${showValue(options.input)}`);
    }
    const schema = options.inputSchema;
    if (schema !== undefined && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
      fail(`inputSchema must be a JSON Schema object, got ${showValue(schema)}`);
    }
    const member = ownMemberRecord(target, key);
    if (member.tool) {
      // Decorators apply bottom-up: the one failing here sits above the recorded one; name both.
      const names = `${showValue(options.name)}: the method already is tool ${showValue(member.tool.name)}`;
      fail(`cannot also be tool ${names}; a method can be one tool only`);
    }
    member.tool = {
      name: options.name,
      description: options.description,
      input: options.input,
      inputSchema: schema,
    };
  };
}
