/**
 * Broker topic patterns (CONTRACT.md section 4, "Topic patterns") and the router that fans an
 * inbound `broker.event` out to every subscription whose pattern matches its topic.
 *
 * A topic is split on `.` into non-empty segments. In a pattern, `*` matches exactly one segment
 * and a trailing `>` matches one or more remaining segments; every other segment, including
 * `foo*` or `a>`, is a case-sensitive literal. Wildcard characters inside a topic are literals.
 * The router must agree exactly with the daemon's matcher, so `topicMatches` and `TopicRouter`
 * implement the same rules and are tested against the daemon's own answers.
 */

import { PluginError } from "../errors";

/** A pattern was rejected at registration; `reason` says which rule it breaks. */
export class TopicPatternError extends PluginError {
  /** The rejected pattern; for a non-string value, its JSON (or type) rendering. */
  readonly pattern: string;
  /** The rule the pattern breaks, such as `'>' may only be the last segment`. */
  readonly reason: string;

  constructor(pattern: unknown, reason: string) {
    const shown = render(pattern);
    super(`invalid topic pattern ${shown}: ${reason}`);
    this.pattern = typeof pattern === "string" ? pattern : shown;
    this.reason = reason;
  }
}

/**
 * Throws a {@link TopicPatternError} unless `pattern` is a non-empty string of non-empty
 * `.`-separated segments with `>`, if present, only as the last segment.
 *
 * The daemon silently ignores whatever follows a `>` (`a.>.c` matches `a.b`), so such a
 * pattern would not mean what it says; the SDK refuses it up front instead.
 */
export function validateTopicPattern(pattern: string): void {
  const reason = patternProblem(pattern);
  if (reason !== undefined) throw new TopicPatternError(pattern, reason);
}

/** Whether `topic` is a non-empty string whose `.`-separated segments are all non-empty. */
export function isValidTopic(topic: string): boolean {
  return (
    typeof topic === "string" &&
    topic !== "" &&
    !topic.startsWith(".") &&
    !topic.endsWith(".") &&
    !topic.includes("..")
  );
}

/**
 * Whether `pattern` matches `topic`. An invalid topic, or a pattern that
 * {@link validateTopicPattern} rejects, matches nothing.
 */
export function topicMatches(pattern: string, topic: string): boolean {
  if (patternProblem(pattern) !== undefined || !isValidTopic(topic)) return false;
  const wanted = pattern.split(".");
  const segments = topic.split(".");
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] === ">") return segments.length > i;
    if (i >= segments.length) return false;
    if (wanted[i] !== "*" && wanted[i] !== segments[i]) return false;
  }
  return wanted.length === segments.length;
}

/** One subscription that matched a topic. */
export interface TopicMatch<T> {
  /** The value registered with the pattern. */
  readonly value: T;
  /** The pattern as registered. */
  readonly pattern: string;
  /**
   * The topic segment matched by each `*`, in order, then, for a trailing `>`, the remaining
   * segments joined with `.`. Substituting them back into the pattern gives the topic.
   */
  readonly captures: readonly string[];
}

/**
 * Maps topic patterns to values and finds every value whose pattern matches a topic.
 *
 * Fully literal patterns live in a map keyed by the whole topic; wildcard patterns live in a
 * segment trie. A lookup therefore costs time proportional to the topic's length and the number
 * of matches, not to the number of registered patterns.
 */
export class TopicRouter<T> {
  private readonly literals = new Map<string, Entry<T>[]>();
  private readonly root: TrieNode<T> = {};
  private wildcardCount = 0;
  private entryCount = 0;
  // Scratch state for match(): reused across calls, since matching never re-enters the router.
  private readonly found: Entry<T>[] = [];
  private sources = 0;

  /** The number of (pattern, value) registrations. */
  get size(): number {
    return this.entryCount;
  }

  /**
   * Registers `value` under `pattern`. The same pattern may be added several times; each
   * registration is a separate match. Throws {@link TopicPatternError} for an invalid pattern.
   */
  add(pattern: string, value: T): void {
    validateTopicPattern(pattern);
    const segments = pattern.split(".");
    const entry = makeEntry(this.entryCount, pattern, segments, value);
    if (isLiteral(entry)) {
      appendTo(this.literals, pattern, entry);
    } else {
      this.insert(segments, entry);
      this.wildcardCount++;
    }
    this.entryCount++;
  }

  /**
   * Every registration whose pattern matches `topic`, in the order they were added; an empty
   * array for an invalid topic or no match (shared and frozen, hence the readonly type).
   */
  match(topic: string): readonly TopicMatch<T>[] {
    if (!isValidTopic(topic)) return noMatches();
    const literal = this.literals.get(topic);
    // Without wildcard patterns the whole-topic lookup is the complete answer: skip the split.
    if (this.wildcardCount === 0) {
      return literal === undefined ? noMatches() : literal.map(literalMatch);
    }
    const segments = topic.split(".");
    this.found.length = 0;
    this.sources = 0;
    this.take(literal);
    this.collect(this.root, segments, 0);
    if (this.found.length === 0) return noMatches();
    // Each source list is already in insertion order; only interleaved sources need a sort.
    if (this.sources > 1) this.found.sort(bySeq);
    return this.found.map((entry) => toMatch(entry, topic, segments));
  }

  private insert(segments: readonly string[], entry: Entry<T>): void {
    let node = this.root;
    for (const segment of segments) {
      if (segment === ">") {
        (node.tail ??= []).push(entry);
        return;
      }
      node = segment === "*" ? (node.star ??= {}) : literalChild(node, segment);
    }
    (node.exact ??= []).push(entry);
  }

  // Depth-first walk: at each depth only the literal child for that segment and the `*` child
  // can match, so the work is bounded by the topic's length, not by the patterns registered.
  private collect(node: TrieNode<T>, segments: readonly string[], depth: number): void {
    if (depth === segments.length) {
      this.take(node.exact);
      return;
    }
    // A `>` here still has at least one segment left to swallow.
    this.take(node.tail);
    const next = node.literals?.get(segments[depth]);
    if (next !== undefined) this.collect(next, segments, depth + 1);
    if (node.star !== undefined) this.collect(node.star, segments, depth + 1);
  }

  private take(entries: readonly Entry<T>[] | undefined): void {
    if (entries === undefined || entries.length === 0) return;
    for (const entry of entries) this.found.push(entry);
    this.sources++;
  }
}

/** One registration, with what is needed to compute its captures without re-parsing. */
interface Entry<T> {
  /** Insertion sequence number: the order matches are returned in. */
  readonly seq: number;
  readonly pattern: string;
  readonly value: T;
  /** Segment indices of the pattern's `*` segments. */
  readonly stars: readonly number[];
  /** Segment index of a trailing `>`, or -1. */
  readonly tailAt: number;
}

/** A trie node; children and lists are created on first use to keep large routers small. */
interface TrieNode<T> {
  literals?: Map<string, TrieNode<T>>;
  star?: TrieNode<T>;
  /** Patterns that end exactly at this node. */
  exact?: Entry<T>[];
  /** Patterns whose trailing `>` follows this node. */
  tail?: Entry<T>[];
}

// Shared empty arrays: literal registrations and misses then allocate nothing for them.
const NO_STARS: readonly number[] = Object.freeze([]);
const NO_CAPTURES: readonly string[] = Object.freeze([]);
// Typed mutable to fit match()'s signature; frozen so a caller's mutation fails loudly.
const NO_MATCHES = Object.freeze([]) as unknown as TopicMatch<never>[];

function noMatches<T>(): TopicMatch<T>[] {
  return NO_MATCHES;
}

function patternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== "string") return "must be a string";
  if (pattern === "") return "must not be empty";
  const segments = pattern.split(".");
  if (segments.includes("")) return "segments must not be empty (leading, trailing or doubled '.')";
  const tail = segments.indexOf(">");
  if (tail !== -1 && tail < segments.length - 1) return "'>' may only be the last segment";
  return undefined;
}

// JSON shows strings quoted and other values recognisably; it throws for bigints and cycles.
function render(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `<${typeof value}>`;
  }
}

function makeEntry<T>(seq: number, pattern: string, segments: readonly string[], value: T): Entry<T> {
  const stars: number[] = [];
  segments.forEach((segment, index) => {
    if (segment === "*") stars.push(index);
  });
  const tailAt = segments[segments.length - 1] === ">" ? segments.length - 1 : -1;
  return { seq, pattern, value, stars: stars.length === 0 ? NO_STARS : stars, tailAt };
}

function isLiteral(entry: Entry<unknown>): boolean {
  return entry.stars.length === 0 && entry.tailAt < 0;
}

function appendTo<T>(map: Map<string, Entry<T>[]>, key: string, entry: Entry<T>): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [entry]);
  else list.push(entry);
}

function literalChild<T>(node: TrieNode<T>, segment: string): TrieNode<T> {
  const children = (node.literals ??= new Map());
  let child = children.get(segment);
  if (child === undefined) {
    child = {};
    children.set(segment, child);
  }
  return child;
}

function bySeq(a: Entry<unknown>, b: Entry<unknown>): number {
  return a.seq - b.seq;
}

function literalMatch<T>(entry: Entry<T>): TopicMatch<T> {
  return { value: entry.value, pattern: entry.pattern, captures: NO_CAPTURES };
}

function toMatch<T>(entry: Entry<T>, topic: string, segments: readonly string[]): TopicMatch<T> {
  if (isLiteral(entry)) return literalMatch(entry);
  const captures = entry.stars.map((index) => segments[index]);
  if (entry.tailAt >= 0) captures.push(remainder(topic, segments, entry.tailAt));
  return { value: entry.value, pattern: entry.pattern, captures };
}

// Slices the topic string instead of joining segments: one substring, no temporary array.
function remainder(topic: string, segments: readonly string[], from: number): string {
  let offset = 0;
  for (let i = 0; i < from; i++) offset += segments[i].length + 1;
  return topic.slice(offset);
}
