/**
 * From TOML text or an already-parsed document to a checked {@link Manifest}.
 *
 * The checks mirror the daemon's so that a broken manifest fails at startup with an error naming
 * the field, instead of the daemon killing the plugin later. The one deliberate difference:
 * unknown keys only warn, because daemon versions differ in which keys they know. The document
 * itself is returned unchanged, since it is echoed verbatim in the `initialize` reply.
 */
import { parse, TomlError } from "smol-toml";
import { ManifestError } from "../errors";
import { createLineLog } from "../log";
import { errorMessage, expectTable, fail, isTable, show } from "./field-checks";
import { checkPlugin } from "./plugin-checks";
import type { Manifest, ManifestWarn } from "./types";
import { warnUnknownKeys } from "./unknown-keys";

const defaultWarn: ManifestWarn = (message) => createLineLog(process.stderr)(message);

/**
 * Parses and checks a manifest's TOML text and returns the whole document.
 *
 * @param options.origin where the text came from, named in syntax errors; defaults to `<inline>`.
 * @param options.warn receives unknown-key warnings; defaults to a `[nexoai] ` line on stderr.
 * @throws {ManifestError} on a TOML syntax error (field `""`) or the first broken rule.
 */
export function parseManifest(
  tomlText: string,
  options: { origin?: string; warn?: ManifestWarn } = {},
): Manifest {
  let doc: unknown;
  try {
    doc = parse(tomlText);
  } catch (error) {
    const origin = options.origin ?? "<inline>";
    throw new ManifestError("", `invalid TOML in ${origin}: ${describeParseError(error)}`, { cause: error });
  }
  return validateManifest(doc, { warn: options.warn });
}

/**
 * Checks an already-parsed manifest, such as one given as a JS object, and returns it unchanged.
 *
 * @param options.warn receives unknown-key warnings; defaults to a `[nexoai] ` line on stderr.
 * @throws {ManifestError} naming the field of the first broken rule.
 */
export function validateManifest(doc: unknown, options: { warn?: ManifestWarn } = {}): Manifest {
  if (!isTable(doc)) fail("", `a manifest must be a table, got ${show(doc)}`);
  // Warn before checking: a misspelt key is often the reason a required one is missing.
  warnUnknownKeys(doc, options.warn ?? defaultWarn);
  if (doc.plugin === undefined) fail("plugin", "the [plugin] table is missing");
  checkPlugin(expectTable(doc.plugin, "plugin"));
  return doc as Manifest;
}

function describeParseError(error: unknown): string {
  if (error instanceof TomlError) {
    return `line ${error.line}, column ${error.column}: ${error.message.trimEnd()}`;
  }
  return errorMessage(error);
}

/** The seed SDK's name for {@link parseManifest}: TOML text in, the checked document out. */
export const readManifest = parseManifest;
