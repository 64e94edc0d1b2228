/**
 * How the development host plays `initialize` as the daemon does: it sends `nexo_version`,
 * and checks that the reply names the plugin the daemon registered and that every tool in
 * the catalog is one the manifest allows. A failed check means the daemon would kill the
 * plugin; otherwise the advertised tools are listed in the transcript.
 */
import type { Manifest } from "../../core/manifest/manifest";
import { toolCatalogProblem } from "../../core/surfaces/tools/tools";
import { isJsonObject, type JsonValue } from "../../core/wire/wire";
import type { ConfigureHost } from "./configure-step";
import { preview } from "./transcript";

/** What the host lends the handshake. */
export interface HandshakeHost extends ConfigureHost {
  /** The contract problems recorded so far; any of them fails the handshake. */
  readonly problems: readonly string[];
}

/** Sends `initialize`. Returns false when the daemon would not keep the plugin. */
export async function playHandshake(host: HandshakeHost, manifest: Manifest, nexoVersion: string, timeoutMs: number): Promise<boolean> {
  const params = { nexo_version: nexoVersion };
  host.transcript.sent("initialize", params);
  const reply = await host.ask("initialize", params, timeoutMs, `no reply to initialize within ${timeoutMs / 1000} s`);
  if (!reply) return false;
  if (reply.error) {
    host.problem(`initialize answered with an error: ${reply.error.message}`);
    return false;
  }
  const result = reply.result;
  const reported = isJsonObject(result) ? result["manifest"] : undefined;
  const plugin = isJsonObject(reported) ? reported["plugin"] : undefined;
  const id = isJsonObject(plugin) ? plugin["id"] : undefined;
  if (id !== manifest.plugin.id) {
    host.problem(`initialize reported plugin id ${JSON.stringify(id)}, the daemon registered "${manifest.plugin.id}": it would kill the plugin`);
    return false;
  }
  const tools = isJsonObject(result) && Array.isArray(result["tools"]) ? (result["tools"] as JsonValue[]) : [];
  for (const tool of tools) {
    const name = isJsonObject(tool) ? tool["name"] : undefined;
    const problem = typeof name === "string" ? toolCatalogProblem(manifest, name) : "a catalog entry has no name";
    if (problem) host.problem(`${problem}: the daemon would kill the plugin`);
  }
  if (host.problems.length > 0) return false;
  host.transcript.note(`handshake ok, ${tools.length} tool${tools.length === 1 ? "" : "s"} advertised`, "ok");
  for (const tool of tools) {
    if (isJsonObject(tool)) host.transcript.note(`  ${String(tool["name"])}: ${String(tool["description"] ?? "")} ${preview(tool["input_schema"] ?? null)}`);
  }
  return true;
}
