/**
 * The `initialize` method: the handshake reply (the manifest, the server version and the tool
 * catalog), then the plugin's initialize hooks once stdout has taken that reply.
 */
import type { Manifest } from "../manifest/manifest";
import { isJsonObject, type JsonObject } from "../wire/wire";
import type { InFlight } from "./in-flight";
import type { MethodTable } from "./method-table";

/** Runs once the `initialize` reply has been handed to stdout; the handshake never waits for it. */
export type InitializeHandler = (params: JsonObject) => unknown;

/** What the handshake needs from the adapter. */
export interface HandshakeOptions {
  readonly manifest: Manifest;
  readonly serverVersion: string;
  /** The catalog entries of the reply, or `undefined` when the plugin declares no tool. */
  readonly catalog: () => JsonObject[] | undefined;
  readonly hooks: readonly InitializeHandler[];
  readonly inFlight: InFlight;
}

/** Registers `initialize` in `table`. */
export function registerHandshake(table: MethodTable, options: HandshakeOptions): void {
  table.register("initialize", {
    handle() {
      const result: JsonObject = {
        manifest: options.manifest as unknown as JsonObject,
        server_version: options.serverVersion,
      };
      const tools = options.catalog();
      if (tools) result["tools"] = tools;
      return result;
    },
    // The reply is only queued until the next turn: hooks start once it has been handed to
    // stdout, so not even a hook's synchronous work holds up the daemon's init timeout.
    onReplied(request) {
      const params = isJsonObject(request.params) ? (request.params as JsonObject) : {};
      for (const hook of options.hooks) options.inFlight.run("initialize hook", () => hook(params));
    },
  });
}
