/**
 * What the four extension surfaces (hooks, channels, LLM providers, vector backends) share:
 * handlers kept by the id the daemon names in each request, each id checked against its
 * `[plugin.extends]` list when it is registered, and the `-32601` for an id nobody serves.
 */
import type { BrokerSender } from "../broker/broker";
import { ManifestError, WireError } from "../errors";
import { showValue, type LogSink } from "../log";
import type { Manifest } from "../manifest/manifest";
import { RpcReplyError, type HostRequest, type MethodTable } from "../runtime/method-table";
import { ErrorCode, isJsonObject } from "../wire/wire";

/** The `[plugin.extends]` lists whose ids a surface serves. */
export type ExtendsList = "hooks" | "channels" | "llm_providers" | "memory_backends";

/** What an extension surface needs from the adapter. */
export interface ExtensionDeps {
  /** The methods table the surface registers into. */
  readonly table: MethodTable;
  /** The validated manifest: its `[plugin.extends]` lists say which ids the daemon may send. */
  readonly manifest: Manifest;
  /** The plugin-wide broker handed to handlers. */
  readonly broker: BrokerSender;
  /** The SDK's stderr log. */
  readonly log: LogSink;
}

/** The methods of every extension surface, and why each is absent until a handler is registered. */
const ABSENCE_REASONS: ReadonlyArray<readonly [string, string]> = [
  ["hook.on_hook", "the plugin registered no hook handler"],
  ["channel.start", "the plugin serves no channel kind"],
  ["channel.stop", "the plugin serves no channel kind"],
  ["channel.send_outbound", "the plugin serves no channel kind"],
  ["llm.chat", "the plugin registered no LLM provider"],
  ["memory.vector_upsert", "the plugin registered no vector backend"],
  ["memory.vector_search", "the plugin registered no vector backend"],
  ["memory.vector_delete", "the plugin registered no vector backend"],
];

/** Says, in the `-32601` of each extension method, what the plugin would have to register. */
export function explainExtensionAbsence(table: MethodTable): void {
  for (const [method, reason] of ABSENCE_REASONS) table.explainAbsence(method, reason);
}

/** Names a request in log lines by its method and the id under `params[key]`: `llm.chat "local"`. */
export function labelBy(key: string): (request: HostRequest) => string {
  return (request) => `${request.method} ${showValue(isJsonObject(request.params) ? request.params[key] : null)}`;
}

/** Handlers of one surface, by the id the daemon sends (hook name, channel kind, ...). */
export class ExtensionHandlers<H> {
  private readonly byId = new Map<string, H>();

  /**
   * @param list the `[plugin.extends]` list the ids must be in.
   * @param noun what an id is called in messages, such as `channel kind`.
   */
  constructor(
    private readonly manifest: Manifest,
    private readonly list: ExtendsList,
    private readonly noun: string,
  ) {}

  /**
   * Registers the handler of `id`.
   *
   * @throws ManifestError when `id` is not in the surface's `[plugin.extends]` list (the daemon
   *   would never send it); WireError when `id` already has a handler.
   */
  add(id: string, handler: H): void {
    if (!(this.manifest.plugin.extends?.[this.list] ?? []).includes(id)) {
      throw new ManifestError(
        `plugin.extends.${this.list}`,
        `${this.noun} ${showValue(id)} is not listed in [plugin.extends].${this.list}, so the daemon would never send it`,
      );
    }
    if (this.byId.has(id)) throw new WireError(`${this.noun} ${showValue(id)} already has a handler`);
    this.byId.set(id, handler);
  }

  /**
   * The handler of `id`.
   *
   * @throws RpcReplyError `-32601` naming `method`, the id, and the ids this plugin serves.
   */
  find(id: string, method: string): H {
    const handler = this.byId.get(id);
    if (handler !== undefined) return handler;
    const served = [...this.byId.keys()].map((served) => showValue(served)).join(", ") || "none";
    throw new RpcReplyError(
      ErrorCode.MethodNotFound,
      `method not found: ${method} (no handler for ${this.noun} ${showValue(id)}; this plugin serves ${served})`,
    );
  }
}
