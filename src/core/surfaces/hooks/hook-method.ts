/**
 * The `hook.on_hook` method: one handler per hook name, run within a budget.
 *
 * Hooks fail open. The daemon treats an error, a timeout or a bad reply as "continue" anyway;
 * answering "continue" ourselves, with a stderr line saying why, makes that a visible choice:
 * a handler that throws, rejects, returns something other than a {@link HookDecision}, or takes
 * longer than its budget lets the turn go on.
 */
import { describeError, showValue } from "../../log";
import { isThenable } from "../../runtime/in-flight";
import type { HostRequest } from "../../runtime/method-table";
import type { JsonObject } from "../../wire/wire";
import { ExtensionHandlers, labelBy, type ExtensionDeps } from "../extension-handlers";
import { readName, readObject, readOptionalString } from "../params";
import { HookDecision } from "./hook-decision";
import { decodeHookEvent, NON_BLOCKING_HOOKS, type HookContext, type HookEventOf } from "./hook-events";

/** What a hook handler may return: a decision, or nothing to continue. */
export type HookOutcome = HookDecision | undefined | void;

/** Handles one hook; `N` is its name. */
export type HookHandler<N extends string = string> = (
  event: HookEventOf<N>,
  context: HookContext,
) => HookOutcome | Promise<HookOutcome>;

/** Options of a hook handler. */
export interface HookOptions {
  /**
   * Longest wait for the handler before "continue" is sent in its place, in milliseconds: a
   * positive integer, below the daemon's hook timeout (5 s unless `NEXO_PLUGIN_HOOK_TIMEOUT_MS`
   * says otherwise) so that the reply is the SDK's, not a daemon timeout. Default 4000.
   */
  budgetMs?: number;
  /** Names the handler in log lines; `bootstrap()` passes `Class.method`. */
  handlerName?: string;
}

/** Default hook budget, inside the daemon's 5 s. */
export const DEFAULT_HOOK_BUDGET_MS = 4000;

/** Node's timers overflow past 2^31 - 1 ms. */
const MAX_BUDGET_MS = 2 ** 31 - 1;

interface HookEntry {
  readonly handler: (event: object, context: HookContext) => unknown;
  readonly budgetMs: number;
  /** `hook <name>`, with the handler's name when known. */
  readonly label: string;
}

/** Serves `hook.on_hook` for the hook handlers registered through {@link add}. */
export class HookSurface {
  private readonly handlers: ExtensionHandlers<HookEntry>;

  constructor(private readonly deps: ExtensionDeps) {
    this.handlers = new ExtensionHandlers(deps.manifest, "hooks", "hook");
    deps.table.register("hook.on_hook", {
      handle: (request) => this.answer(request),
      label: labelBy("hook_name"),
    });
  }

  /**
   * Registers the handler of hook `name`.
   *
   * @throws ManifestError when `name` is not in `[plugin.extends].hooks`; WireError when it has a
   *   handler already; TypeError for a handler that is not a function; RangeError for a bad budget.
   */
  add<N extends string>(name: N, handler: HookHandler<N>, options: HookOptions = {}): void {
    if (typeof handler !== "function") throw new TypeError(`the handler of hook ${showValue(name)} must be a function, got ${showValue(handler)}`);
    const budgetMs = options.budgetMs ?? DEFAULT_HOOK_BUDGET_MS;
    if (!Number.isInteger(budgetMs) || budgetMs <= 0 || budgetMs > MAX_BUDGET_MS) {
      throw new RangeError(`budgetMs of hook ${showValue(name)} must be an integer from 1 to ${MAX_BUDGET_MS}, got ${showValue(budgetMs)}`);
    }
    const label = options.handlerName ? `hook ${name} (${options.handlerName})` : `hook ${name}`;
    this.handlers.add(name, { handler: handler as HookEntry["handler"], budgetMs, label });
  }

  private answer(request: HostRequest): JsonObject | Promise<JsonObject> {
    const params = readObject(request.params, "params");
    const hookName = readName(params["hook_name"], "params.hook_name");
    const entry = this.handlers.find(hookName, "hook.on_hook");
    const { event, raw } = decodeHookEvent(hookName, params["event"]);
    const context: HookContext = {
      hookName,
      pluginId: readOptionalString(params["plugin_id"], "params.plugin_id") || this.deps.manifest.plugin.id,
      rawEvent: raw,
      broker: this.deps.broker,
    };
    let outcome: unknown;
    try {
      outcome = entry.handler(event, context);
    } catch (error) {
      return this.failOpen(entry, `threw: ${describeError(error)}`);
    }
    return isThenable(outcome) ? this.withinBudget(entry, hookName, outcome) : this.verdict(entry, hookName, outcome);
  }

  /** The handler's decision, or "continue" once its budget is spent; whatever comes later is logged. */
  private withinBudget(entry: HookEntry, hookName: string, outcome: PromiseLike<unknown>): Promise<JsonObject> {
    return new Promise((resolve) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        resolve(this.failOpen(entry, `did not decide within its ${entry.budgetMs} ms budget`));
      }, entry.budgetMs);
      Promise.resolve(outcome).then(
        (value) => {
          clearTimeout(timer);
          if (late) this.deps.log(`${entry.label} decided after its ${entry.budgetMs} ms budget; ${showValue(value ?? "continue")} was dropped`);
          else resolve(this.verdict(entry, hookName, value));
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (late) this.deps.log(`${entry.label} failed after its ${entry.budgetMs} ms budget: ${describeError(error)}`);
          else resolve(this.failOpen(entry, `rejected: ${describeError(error)}`));
        },
      );
    });
  }

  private verdict(entry: HookEntry, hookName: string, value: unknown): JsonObject {
    if (value === undefined) return HookDecision.continue().toWire();
    if (!(value instanceof HookDecision)) {
      return this.failOpen(entry, `returned ${showValue(value)}, not a HookDecision`);
    }
    if (value.abort && NON_BLOCKING_HOOKS.has(hookName)) {
      this.deps.log(`${entry.label} blocked, but the daemon runs ${hookName} after the fact and ignores a block`);
    }
    return value.toWire();
  }

  private failOpen(entry: HookEntry, why: string): JsonObject {
    this.deps.log(`${entry.label} ${why}; replying continue (hooks fail open)`);
    return HookDecision.continue().toWire();
  }
}
