/**
 * prom-client, loaded on first use: a plugin whose manifest does not switch metrics on never
 * pays for it at start-up or in memory.
 */
import type * as PromClient from "prom-client";

/** The prom-client module. */
export type PromClientModule = typeof PromClient;

let loaded: PromClientModule | undefined;

/** Loads prom-client once. */
export function promClient(): PromClientModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require("prom-client") as PromClientModule;
  return loaded;
}
