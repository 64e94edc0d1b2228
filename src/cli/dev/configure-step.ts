/**
 * How the development host plays `plugin.configure` as the daemon does (SERVICES.md section
 * 1): right after a successful `initialize` when the manifest declares `[plugin.config_schema]`,
 * and again for each `configure` step (a hot reload). At start, an error reply or no reply
 * within 5 s means the daemon refuses to load the plugin; on a hot reload it keeps the plugin
 * running with its previous configuration.
 */
import type { Manifest } from "../../core/manifest/manifest";
import { isJsonObject, type JsonValue } from "../../core/wire/wire";
import type { HostReply } from "../../testing/host-peer";
import type { Transcript } from "./transcript";

/** The daemon's fixed wait for the reply. */
const CONFIGURE_TIMEOUT_MS = 5000;

/** What the host lends the configure step. */
export interface ConfigureHost {
  readonly transcript: Transcript;
  /** Sends a request; `undefined` (with the problem recorded) when no reply came. */
  ask(method: string, params: JsonValue, timeoutMs: number, problem: string): Promise<HostReply | undefined>;
  /** Records a contract problem. */
  problem(text: string): void;
}

/**
 * Sends the configuration `value`. Returns false when the daemon would not load the plugin
 * (only at start: a refused hot reload keeps it running).
 */
export async function playConfigure(host: ConfigureHost, manifest: Manifest, value: JsonValue, reload: boolean): Promise<boolean> {
  const section = manifest.plugin["config_schema"];
  if (!isJsonObject(section)) {
    if (reload || value !== null) host.transcript.note("configuration not sent: the manifest has no [plugin.config_schema], so the daemon sends none", "warn");
    return true;
  }
  if (reload && section["hot_reload"] === false) {
    host.transcript.note("configure step skipped: hot_reload = false, so the daemon restarts the plugin instead", "warn");
    return true;
  }
  host.transcript.sent(reload ? "plugin.configure (hot reload)" : "plugin.configure", value);
  const reply = await host.ask("plugin.configure", { value }, CONFIGURE_TIMEOUT_MS, `no reply to plugin.configure within ${CONFIGURE_TIMEOUT_MS / 1000} s: the daemon would refuse to load the plugin`);
  if (!reply) return reload;
  if (reply.error) {
    const why = `plugin.configure answered ${reply.error.code}: ${reply.error.message}`;
    if (!reload) {
      host.problem(`configuration refused (${why}): the daemon would refuse to load the plugin`);
      return false;
    }
    host.transcript.note(`hot reload refused (${why}): the daemon keeps the previous configuration`, "warn");
    return true;
  }
  host.transcript.note(reload ? "configuration reloaded" : "configuration accepted", "ok");
  return true;
}
