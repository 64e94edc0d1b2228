/**
 * Reads a NATS URL as the daemon hands it over: auth comes only from the URL
 * (`nats://user:pass@host`, `nats://token@host`), which the client wants as separate options.
 */
import { PluginError } from "../../errors";

/** Where to connect, with the credentials taken out of the URL. */
export interface NatsTarget {
  /** `host:port` for the client. */
  readonly server: string;
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** The URL with any secret replaced by `***`, for log lines. */
  readonly shown: string;
}

/** NATS's default port, for a URL without one. */
const DEFAULT_PORT = 4222;

/** @throws PluginError naming the URL (its secrets masked) when it is not a nats:// URL with a host. */
export function parseNatsUrl(url: string): NatsTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PluginError(`NATS URL ${maskSecrets(url)} is not a URL`);
  }
  if (parsed.protocol !== "nats:" || parsed.hostname === "") {
    throw new PluginError(`NATS URL ${maskSecrets(url)} must be nats://[user:pass@|token@]host[:port]`);
  }
  const server = `${parsed.hostname}:${parsed.port || DEFAULT_PORT}`;
  const name = decodeURIComponent(parsed.username);
  const secret = decodeURIComponent(parsed.password);
  const shown = `nats://${name ? (secret ? `${name}:***@` : "***@") : ""}${server}`;
  if (name && secret) return { server, user: name, pass: secret, shown };
  // A lone user-info part is a token, as the daemon's client reads it.
  if (name) return { server, token: name, shown };
  return { server, shown };
}

function maskSecrets(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@");
}
