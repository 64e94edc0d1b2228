/**
 * Publish topics visible in compiled JavaScript without running it, best effort: the first
 * argument of each `.publish(` call when it is a string literal, a `const` initialised with one
 * in the same file, or a template literal whose text before its first unknown `${...}` ends a
 * segment (then only that prefix is known). Topics computed any other way are not seen.
 */

/** One call site. */
export interface PublishSite {
  /** 1-based line of the call. */
  readonly line: number;
  /** The whole topic, when it is known. */
  readonly topic?: string;
  /** Otherwise the segments known to start it, ending with `.` (`plugin.inbound.notes.`). */
  readonly prefix?: string;
}

const PUBLISH_CALL = /\.publish\)?\(\s*/g;
const STRING_CONST = /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;

/** The publish call sites of one file whose topic is at least partly known. */
export function scanPublishes(source: string): PublishSite[] {
  const constants = stringConstants(source);
  const sites: PublishSite[] = [];
  for (const match of source.matchAll(PUBLISH_CALL)) {
    const at = match.index + match[0].length;
    const argument = firstArgument(source, at, constants);
    if (argument) sites.push({ line: lineOf(source, match.index), ...argument });
  }
  return sites;
}

function stringConstants(source: string): Map<string, string> {
  const constants = new Map<string, string>();
  const reassigned = new Set<string>();
  for (const match of source.matchAll(STRING_CONST)) {
    const value = unquote(match[2]!);
    if (constants.has(match[1]!) && constants.get(match[1]!) !== value) reassigned.add(match[1]!);
    if (value !== undefined) constants.set(match[1]!, value);
  }
  // The same name bound to two strings (in two scopes): which one a call sees is unknown.
  for (const name of reassigned) constants.delete(name);
  return constants;
}

function firstArgument(source: string, at: number, constants: ReadonlyMap<string, string>): { topic: string } | { prefix: string } | undefined {
  const rest = source.slice(at, at + 2000);
  const quoted = /^("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')\s*[,)]/.exec(rest);
  if (quoted) {
    const topic = unquote(quoted[1]!);
    return topic === undefined ? undefined : { topic };
  }
  const name = /^([A-Za-z_$][\w$]*)\s*[,)]/.exec(rest);
  if (name) {
    const topic = constants.get(name[1]!);
    return topic === undefined ? undefined : { topic };
  }
  return rest.startsWith("`") ? template(rest, constants) : undefined;
}

/** A template literal: its known text, up to the first substitution that is not a known constant. */
function template(text: string, constants: ReadonlyMap<string, string>): { topic: string } | { prefix: string } | undefined {
  let known = "";
  let i = 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "`") return /^\s*[,)]/.test(text.slice(i + 1)) ? { topic: known } : undefined;
    if (char === "\\") return undefined;
    if (char === "$" && text[i + 1] === "{") {
      const end = text.indexOf("}", i);
      const expression = end === -1 ? "" : text.slice(i + 2, end).trim();
      const value = constants.get(expression);
      if (value === undefined) return known.endsWith(".") ? { prefix: known } : undefined;
      known += value;
      i = end + 1;
      continue;
    }
    known += char;
    i++;
  }
  return undefined;
}

/** A JS string literal's value, for the plain escapes compilers emit; undefined for anything odd. */
function unquote(literal: string): string | undefined {
  const body = literal.slice(1, -1);
  if (!body.includes("\\")) return body;
  try {
    return JSON.parse(`"${body.replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`) as string;
  } catch {
    return undefined;
  }
}

function lineOf(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf("\n"); i !== -1 && i < index; i = source.indexOf("\n", i + 1)) line++;
  return line;
}
