/**
 * Lookup cost of the topic router as the number of patterns grows, against a linear scan of
 * the same patterns with the single-pattern matcher.
 */
import { TopicRouter, topicMatches } from "../../dist";
import { median } from "./driver/stats";

/** Nanoseconds per lookup at one pattern count. */
export interface RouterSample {
  readonly patterns: number;
  readonly trieNs: number;
  readonly linearNs: number;
}

/** Mixed literals, `*` and `>`: four shapes, each keyed by its index. */
function patternSet(count: number): string[] {
  const patterns: string[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 4) {
      case 0: patterns.push(`app.s${i}.created`); break;
      case 1: patterns.push(`app.s${i - 1}.*`); break;
      case 2: patterns.push(`app.s${i - 2}.>`); break;
      default: patterns.push(`app.*.k${i}`);
    }
  }
  return patterns;
}

/** Topics that hit the first few shapes (so every set matches them the same way) and some misses. */
function topicSet(): string[] {
  return ["app.s0.created", "app.s4.updated", "app.s8.created.v2", "app.x.k3", "app.s0.deleted", "other.topic", "app.s12"];
}

function nsPerLookup(lookup: (topic: string) => number, topics: readonly string[], minMs: number): number {
  let sink = 0;
  let iterations = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  do {
    for (let r = 0; r < 100; r++) for (const topic of topics) sink += lookup(topic);
    iterations += 100 * topics.length;
    elapsed = process.hrtime.bigint() - started;
  } while (elapsed < BigInt(minMs) * 1_000_000n);
  if (sink < 0) throw new Error("unreachable");
  return Number(elapsed) / iterations;
}

/** Trie lookups are sampled in this many rounds, alternating between pattern counts. */
const TRIE_ROUNDS = 7;

/**
 * Measures every pattern count in `counts`. The trie's figures are medians of rounds that
 * alternate between the counts, so a slow spell of a shared machine does not land on one count.
 */
export function benchRouter(counts: readonly number[], minMs = 300): RouterSample[] {
  const topics = topicSet();
  const setups = counts.map((count) => {
    const patterns = patternSet(count);
    const router = new TopicRouter<number>();
    patterns.forEach((p, i) => router.add(p, i));
    // Both sides must find the same matches, or the comparison means nothing.
    for (const topic of topics) {
      const linear = patterns.filter((p) => topicMatches(p, topic)).length;
      if (router.match(topic).length !== linear) throw new Error(`router and linear scan disagree on ${topic}`);
    }
    nsPerLookup((t) => router.match(t).length, topics, 50);
    return { count, patterns, router, trieSamples: [] as number[] };
  });
  for (let round = 0; round < TRIE_ROUNDS; round++) {
    for (const setup of setups) {
      setup.trieSamples.push(nsPerLookup((t) => setup.router.match(t).length, topics, Math.ceil(minMs / TRIE_ROUNDS)));
    }
  }
  return setups.map(({ count, patterns, trieSamples }) => {
    const linearNs = nsPerLookup((t) => {
      let n = 0;
      for (const p of patterns) if (topicMatches(p, t)) n++;
      return n;
    }, topics, minMs);
    return { patterns: count, trieNs: median(trieSamples), linearNs };
  });
}

