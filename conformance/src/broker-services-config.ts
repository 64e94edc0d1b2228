/**
 * The fixture's broker service keys (FIXTURE.md, "Production surfaces"): `http_routes`,
 * `admin_methods`, `metrics` and `requests`.
 */
import { FixtureConfigError } from "./config-error";

/** The broker service keys, checked. */
export interface BrokerServicesConfig {
  readonly httpRoutes: readonly { method: string; path: string }[];
  readonly adminMethods: readonly string[];
  readonly metrics: boolean;
  readonly requests: readonly string[];
}

/** Reads the keys; `manifest` is the config's manifest text, which metrics need a section of. */
export function parseBrokerServicesConfig(config: Record<string, unknown>, manifest: string): BrokerServicesConfig {
  const metrics = config["metrics"] ?? false;
  if (typeof metrics !== "boolean") throw new FixtureConfigError(`metrics must be a boolean, got ${JSON.stringify(metrics)}`);
  if (metrics && !/^\s*\[plugin\.metrics\]/m.test(manifest)) {
    throw new FixtureConfigError("metrics: true needs [plugin.metrics] prometheus = true and a broker_topic_prefix in the manifest");
  }
  return {
    httpRoutes: httpRoutes(config["http_routes"]),
    adminMethods: names(config["admin_methods"], "admin_methods"),
    metrics,
    requests: names(config["requests"], "requests"),
  };
}

function httpRoutes(value: unknown): { method: string; path: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new FixtureConfigError("http_routes must be a list");
  return value.map((route: unknown, index) => {
    const r = route as Record<string, unknown> | null;
    if (typeof r?.["method"] !== "string" || typeof r["path"] !== "string") {
      throw new FixtureConfigError(`http_routes[${index}] must be {"method": string, "path": string}`);
    }
    return { method: r["method"], path: r["path"] };
  });
}

function names(value: unknown, key: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) throw new FixtureConfigError(`${key} must be a list of strings`);
  return value as string[];
}
