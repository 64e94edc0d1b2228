/**
 * Whether two topic patterns can match one topic, with the daemon's reading of patterns
 * (CONTRACT.md section 4): `*` is one segment, `>` one or more trailing segments, whatever
 * follows a `>` is ignored, and a pattern with an empty segment matches nothing.
 */

/** The segments the daemon's matcher applies, or `undefined` when the pattern matches nothing. */
export function asTheDaemonReadsIt(pattern: string): string[] | undefined {
  const segments = pattern.split(".");
  if (segments.includes("")) return undefined;
  const rest = segments.indexOf(">");
  return rest === -1 ? segments : segments.slice(0, rest + 1);
}

/** Whether some topic is matched by both patterns. */
export function patternsOverlap(a: string, b: string): boolean {
  const left = asTheDaemonReadsIt(a);
  const right = asTheDaemonReadsIt(b);
  return left !== undefined && right !== undefined && overlapFrom(left, 0, right, 0);
}

function overlapFrom(a: readonly string[], i: number, b: readonly string[], j: number): boolean {
  // `>` takes one or more segments, which the other side can give when it has any left.
  if (a[i] === ">") return j < b.length;
  if (b[j] === ">") return i < a.length;
  if (i === a.length || j === b.length) return i === a.length && j === b.length;
  if (a[i] !== "*" && b[j] !== "*" && a[i] !== b[j]) return false;
  return overlapFrom(a, i + 1, b, j + 1);
}
