/**
 * The plugin's operator configuration: the last value accepted, and how a new one is accepted.
 * A value is checked element by element, then handed to the plugin's handler, and only once
 * that handler has returned does it become the current configuration: a refused value (a bad
 * field, a handler that throws) leaves the previous one in place, and since the reply is written
 * after the swap, every request the daemon sends after the reply sees the new value.
 */
import { reasonOf, type LogSink } from "../../log";
import { RpcReplyError } from "../../runtime/method-table";
import { ErrorCode } from "../../wire/wire";
import { withinBudget } from "../time-budget";
import { describeProblems, problemsData, type ConfigValidator, type LocatedProblem } from "./config-problems";
import type { ConfigSection } from "./config-section";
import { jsonSchemaValidator } from "./json-schema-validator";

/** What a {@link ConfigureHandler} learns besides the new configuration. */
export interface ConfigureContext<C> {
  /** The configuration accepted before this one, `null` when there was none. */
  readonly previous: C | null;
  /** True when a configuration had already been accepted: this is a hot reload. */
  readonly reload: boolean;
}

/**
 * Receives each configuration that passed validation: one object for `shape = "object"`, the
 * list of instances for `shape = "array"`, or `null` when the operator configured nothing.
 * Throw (or reject) to refuse it: the daemon then refuses the start, or keeps the old config.
 */
export type ConfigureHandler<C = unknown> = (config: C | null, context: ConfigureContext<C>) => unknown;

/** Options of `PluginAdapter.onConfigure`. */
export interface ConfigureOptions {
  /**
   * Checks each configuration object (each element, for `shape = "array"`) and returns what the
   * handler receives. Default: the manifest's `[plugin.config_schema].schema`.
   */
  readonly validate?: ConfigValidator;
}

/** The daemon's fixed wait for a `plugin.configure` reply. */
export const CONFIGURE_BUDGET_MS = 5000;

/** The configuration state of one plugin. */
export class Configuration {
  private value: unknown = null;
  private accepted = false;
  private handler: ConfigureHandler | undefined;
  private validate: ConfigValidator;
  /** Configurations are applied one at a time, in the order they arrived. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly section: ConfigSection,
    private readonly log: LogSink,
  ) {
    this.validate = jsonSchemaValidator(section.schemaText);
  }

  /** The last accepted configuration, `null` before the first. */
  get current(): unknown {
    return this.value;
  }

  /** Sets the handler (and the validator, when given). */
  setHandler(handler: ConfigureHandler, options: ConfigureOptions = {}): void {
    this.handler = handler;
    if (options.validate) this.validate = options.validate;
  }

  /** Whether a handler is set. */
  get hasHandler(): boolean {
    return this.handler !== undefined;
  }

  /**
   * Checks `value`, runs the handler and makes it current.
   *
   * @throws RpcReplyError `-32603` naming each bad field, or carrying the handler's reason.
   */
  apply(value: unknown): Promise<{ ok: true }> {
    const applied = this.queue.then(() => withinBudget(() => this.accept(value), CONFIGURE_BUDGET_MS, () => "plugin.configure", this.log));
    this.queue = applied.catch(() => undefined);
    return applied;
  }

  private async accept(raw: unknown): Promise<{ ok: true }> {
    const config = this.checked(raw);
    if (this.handler) {
      try {
        await this.handler(config, { previous: this.value, reload: this.accepted });
      } catch (error) {
        const reason = reasonOf(error);
        this.log(`plugin.configure refused by the plugin: ${reason}${this.accepted ? " (the previous configuration stays)" : ""}`);
        throw new RpcReplyError(ErrorCode.InternalError, `configuration refused: ${reason}`);
      }
    }
    this.value = config;
    this.accepted = true;
    return { ok: true };
  }

  /** The value the handler receives, or the refusal naming every bad field. */
  private checked(raw: unknown): unknown {
    if (raw === null) return null;
    const list = Array.isArray(raw);
    if (list && this.section.shape === "object") {
      this.refuse([{ index: undefined, path: "", message: 'must be one object (shape = "object"), got a list' }]);
    }
    // A single object for `shape = "array"` is one instance: the handler always gets a list.
    const elements: unknown[] = list ? raw : [raw];
    const problems: LocatedProblem[] = [];
    const values = elements.map((element, index) => {
      let outcome;
      try {
        outcome = this.validate(element);
      } catch (error) {
        const message = `configuration cannot be checked: ${reasonOf(error)}`;
        this.log(`plugin.configure refused: ${message}`);
        throw new RpcReplyError(ErrorCode.InternalError, message);
      }
      if (outcome.ok) return outcome.value;
      for (const problem of outcome.problems) problems.push({ ...problem, index: list ? index : undefined });
      return undefined;
    });
    if (problems.length > 0) this.refuse(problems);
    return this.section.shape === "array" ? values : values[0];
  }

  private refuse(problems: readonly LocatedProblem[]): never {
    const message = `invalid configuration: ${describeProblems(problems)}`;
    this.log(`plugin.configure refused: ${message}`);
    throw new RpcReplyError(ErrorCode.InternalError, message, problemsData(problems));
  }
}
