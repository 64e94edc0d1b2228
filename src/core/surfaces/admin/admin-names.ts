/**
 * Admin method names and their broker topics: a method `<method_prefix>a/b` arrives on
 * `<broker_topic_prefix>.a.b`.
 */

/** Why `name` cannot be an admin method name, or `undefined` when it can. */
export function adminNameProblem(name: unknown): string | undefined {
  if (typeof name !== "string" || name === "") return "the name must be a non-empty string (the method below method_prefix)";
  const segments = name.split(/[/.]/);
  if (segments.some((s) => s === "")) return `${JSON.stringify(name)} has an empty segment (a leading, trailing or doubled / or .)`;
  if (segments.some((s) => /[\s*>]/.test(s))) return `${JSON.stringify(name)} holds whitespace, * or >, which a topic segment cannot`;
  return undefined;
}

/** The topic suffix of a method name: `/` becomes `.`. */
export function adminTopicSuffix(name: string): string {
  return name.replace(/\//g, ".");
}

/** The topic the daemon sends method `name` on. */
export function adminTopic(brokerTopicPrefix: string, name: string): string {
  return `${brokerTopicPrefix}.${adminTopicSuffix(name)}`;
}

/** The name below `methodPrefix` of a full method name, or `undefined` when it is not under it. */
export function adminNameOf(methodPrefix: string, method: string): string | undefined {
  return method.startsWith(methodPrefix) && method.length > methodPrefix.length ? method.slice(methodPrefix.length) : undefined;
}
