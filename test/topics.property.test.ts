import fc from "fast-check";

import { TopicRouter, topicMatches, validateTopicPattern } from "../src/core/broker/topics";

/**
 * Reference matcher written straight from CONTRACT.md section 4, independently of the SDK:
 * a recursive walk over both segment lists. A pattern with an empty segment or a non-final
 * `>` (which the SDK rejects) and a topic with an empty segment match nothing.
 */
function referenceMatches(pattern: string, topic: string): boolean {
  if (!referenceValidPattern(pattern)) return false;
  const p = pattern.split(".");
  const t = topic.split(".");
  if (t.some((segment) => segment === "")) return false;
  const walk = (i: number, j: number): boolean => {
    if (i === p.length) return j === t.length;
    if (p[i] === ">") return j < t.length;
    if (j === t.length) return false;
    return (p[i] === "*" || p[i] === t[j]) && walk(i + 1, j + 1);
  };
  return walk(0, 0);
}

function referenceValidPattern(pattern: string): boolean {
  const p = pattern.split(".");
  return p.every((segment) => segment !== "") && !p.slice(0, -1).includes(">");
}

/** Puts captures back in place of the pattern's wildcards. */
function substitute(pattern: string, captures: readonly string[]): string {
  let next = 0;
  return pattern
    .split(".")
    .map((segment) => (segment === "*" || segment === ">" ? captures[next++] : segment))
    .join(".");
}

const RUNS = 1000;

const literal = fc.constantFrom("a", "b", "c");
const patternSegment = fc.constantFrom("a", "b", "c", "*");
const topicSegment = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom("a", "b", "c", "*", ">") },
  { weight: 1, arbitrary: fc.constant("") },
);

/** A valid pattern: 1..5 segments, `>` only last. */
const validPattern = fc
  .tuple(fc.array(patternSegment, { minLength: 0, maxLength: 4 }), fc.boolean())
  .filter(([head, tail]) => head.length > 0 || tail)
  .chain(([head, tail]) =>
    tail
      ? fc.constant([...head, ">"].join("."))
      : patternSegment.map((last) => [...head, last].join(".")),
  );

/** Any pattern, including empty segments and a misplaced `>`. */
const anyPattern = fc.oneof(
  { weight: 4, arbitrary: validPattern },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom("a", "b", "*", ">", ""), { minLength: 1, maxLength: 5 })
      .map((segments) => segments.join(".")),
  },
);

/** A random topic: 1..6 segments, occasionally empty ones. */
const randomTopic = fc
  .array(topicSegment, { minLength: 1, maxLength: 6 })
  .map((segments) => segments.join("."));

/** A topic built to match `pattern`: each `*` filled with one segment, `>` with 1..3. */
function instanceOf(pattern: string): fc.Arbitrary<string> {
  const parts = pattern.split(".").map((segment) => {
    if (segment === "*") return topicSegment.filter((s) => s !== "");
    if (segment === ">") {
      return fc.array(literal, { minLength: 1, maxLength: 3 }).map((s) => s.join("."));
    }
    return fc.constant(segment);
  });
  return fc.tuple(...parts).map((filled) => filled.join("."));
}

const patternAndMatchingTopic = validPattern.chain((pattern) =>
  fc.tuple(fc.constant(pattern), instanceOf(pattern)),
);

describe("topic matching properties", () => {
  it("topicMatches agrees with the reference matcher", () => {
    fc.assert(
      fc.property(anyPattern, fc.oneof(randomTopic, fc.constant("")), (pattern, topic) => {
        expect(topicMatches(pattern, topic)).toBe(referenceMatches(pattern, topic));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("validateTopicPattern rejects exactly the invalid patterns", () => {
    fc.assert(
      fc.property(anyPattern, (pattern) => {
        const accepted = (() => {
          try {
            validateTopicPattern(pattern);
            return true;
          } catch {
            return false;
          }
        })();
        expect(accepted).toBe(referenceValidPattern(pattern));
      }),
      { numRuns: RUNS },
    );
  });

  it("a router returns exactly the matching registrations, in insertion order", () => {
    const topics = fc.array(fc.oneof(randomTopic, patternAndMatchingTopic.map(([, t]) => t)), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(fc.array(validPattern, { maxLength: 50 }), topics, (patterns, probes) => {
        const router = new TopicRouter<number>();
        patterns.forEach((pattern, index) => router.add(pattern, index));
        expect(router.size).toBe(patterns.length);
        for (const topic of probes) {
          const expected = patterns
            .map((pattern, index) => ({ pattern, value: index }))
            .filter(({ pattern }) => referenceMatches(pattern, topic));
          const actual = router.match(topic).map(({ pattern, value }) => ({ pattern, value }));
          expect(actual).toEqual(expected);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("captures substituted back into the pattern reproduce the topic", () => {
    fc.assert(
      fc.property(
        fc.array(validPattern, { maxLength: 10 }),
        patternAndMatchingTopic,
        (others, [pattern, topic]) => {
          expect(topicMatches(pattern, topic)).toBe(true);
          const router = new TopicRouter<string>();
          router.add(pattern, "probe");
          for (const other of others) router.add(other, "other");
          const found = router.match(topic);
          expect(found[0]).toMatchObject({ value: "probe", pattern });
          for (const match of found) {
            const wildcards = match.pattern.split(".").filter((s) => s === "*" || s === ">");
            expect(match.captures).toHaveLength(wildcards.length);
            expect(substitute(match.pattern, match.captures)).toBe(topic);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
