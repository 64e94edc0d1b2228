/**
 * The discovery probe (SERVICES.md section 6): the daemon runs `<binary> --print-manifest`,
 * discards stdin and stderr, and parses all of stdout as the manifest once the process has
 * exited 0 within 2 s. So the manifest goes out first, alone, and the process ends at once:
 * no stdout guard, no signal handler, no plugin code.
 */

/** The argument the daemon's discovery passes. */
export const PRINT_MANIFEST_FLAG = "--print-manifest";

/**
 * Whether this process is a discovery probe: it was started with {@link PRINT_MANIFEST_FLAG}
 * and the plugin runs on the process's own stdio (a plugin embedded on other streams never is).
 */
export function isManifestProbe(ownsStdio: boolean, argv: readonly string[] = process.argv): boolean {
  return ownsStdio && argv.slice(2).includes(PRINT_MANIFEST_FLAG);
}

/**
 * Writes `bytes` to the real stdout and ends the process with 0 once they are out (1 when
 * stdout refused them). The returned promise never settles: nothing after it may run.
 */
export function printAndExit(bytes: Buffer | string): Promise<never> {
  return new Promise<never>(() => {
    process.stdout.write(bytes, (error) => process.exit(error ? 1 : 0));
  });
}
