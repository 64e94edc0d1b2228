/**
 * Assertions shared by the manifest tests: a refusal names its field, an acceptance returns the
 * document exactly as written and warns about nothing.
 */
import { parse } from "smol-toml";
import { ManifestError, parseManifest, type Manifest, type ManifestWarn } from "../../src/core";

/** The `[plugin]` table the section tests put their sections under. */
export const HEADER = `[plugin]\nid = "conf"\nversion = "0.2.0"\n`;

/** A warning sink that drops everything. */
export const silent: ManifestWarn = () => undefined;

/** `rest` below {@link HEADER}. */
export function withHeader(rest: string): string {
  return `${HEADER}${rest}\n`;
}

/** Runs `action`, expects a ManifestError, and returns it for field and message checks. */
export function manifestError(action: () => unknown): ManifestError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error("expected a ManifestError, nothing was thrown");
}

/** `rest` (below the header) is refused, naming `field` first and containing `fragment`. */
export function expectRejected(rest: string, field: string, fragment: string): ManifestError {
  const error = manifestError(() => parseManifest(withHeader(rest), { warn: silent }));
  expect(error.field).toBe(field);
  expect(error.message).toContain(fragment);
  expect(error.message.startsWith(`${field}: `)).toBe(true);
  return error;
}

/** Accepted without any warning, and returned exactly as smol-toml parsed it: no default filled in. */
export function expectAccepted(rest: string): Manifest {
  const toml = withHeader(rest);
  const warn = jest.fn();
  const manifest = parseManifest(toml, { warn });
  expect(manifest).toEqual(parse(toml));
  expect(warn).not.toHaveBeenCalled();
  return manifest;
}
