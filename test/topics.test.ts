import { readFileSync } from "fs";
import path from "path";

import { PluginError } from "../src/core/errors";
import {
  TopicPatternError,
  TopicRouter,
  isValidTopic,
  topicMatches,
  validateTopicPattern,
  type TopicMatch,
} from "../src/core/broker/topics";

interface TopicVectors {
  cases: { pattern: string; topic: string; match: boolean }[];
  rejected_patterns: string[];
}

const vectors = JSON.parse(
  readFileSync(path.join(__dirname, "..", "..", "shared", "spec", "topic-vectors.json"), "utf8"),
) as TopicVectors;

function isRejected(pattern: string): boolean {
  try {
    validateTopicPattern(pattern);
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(TopicPatternError);
    return true;
  }
}

/** Builds a router from patterns, using each pattern's index as its value. */
function routerOf(...patterns: string[]): TopicRouter<number> {
  const router = new TopicRouter<number>();
  patterns.forEach((pattern, index) => router.add(pattern, index));
  return router;
}

describe("topic-vectors.json", () => {
  it("has cases and rejected patterns", () => {
    expect(vectors.cases.length).toBeGreaterThan(0);
    expect(vectors.rejected_patterns.length).toBeGreaterThan(0);
  });

  describe.each(vectors.cases)("pattern $pattern, topic $topic", ({ pattern, topic, match }) => {
    it(`topicMatches gives ${match}`, () => {
      expect(topicMatches(pattern, topic)).toBe(match);
    });

    it(`a router holding only the pattern gives ${match}`, () => {
      const router = new TopicRouter<string>();
      if (isRejected(pattern)) {
        // A pattern the SDK refuses can only be in the vectors as a non-match.
        expect(match).toBe(false);
        expect(() => router.add(pattern, "v")).toThrow(TopicPatternError);
        expect(router.match(topic)).toEqual([]);
        return;
      }
      router.add(pattern, "v");
      const found = router.match(topic);
      expect(found.map((m) => m.value)).toEqual(match ? ["v"] : []);
    });
  });

  it.each(vectors.rejected_patterns)("rejects pattern %j", (pattern) => {
    expect(() => validateTopicPattern(pattern)).toThrow(TopicPatternError);
    const router = new TopicRouter<string>();
    expect(() => router.add(pattern, "v")).toThrow(TopicPatternError);
    expect(router.size).toBe(0);
  });
});

describe("TopicPatternError", () => {
  it("names the pattern and the rule", () => {
    let caught: unknown;
    try {
      validateTopicPattern("a.>.c");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TopicPatternError);
    expect(caught).toBeInstanceOf(PluginError);
    const error = caught as TopicPatternError;
    expect(error.name).toBe("TopicPatternError");
    expect(error.message).toBe(`invalid topic pattern "a.>.c": '>' may only be the last segment`);
    expect(error.pattern).toBe("a.>.c");
    expect(error.reason).toBe("'>' may only be the last segment");
  });

  it.each([
    ["", "must not be empty"],
    ["a..b", "segments must not be empty (leading, trailing or doubled '.')"],
    [".a", "segments must not be empty (leading, trailing or doubled '.')"],
  ])("gives the reason for %j", (pattern, reason) => {
    expect(() => validateTopicPattern(pattern)).toThrow(
      new TopicPatternError(pattern, reason),
    );
  });

  it.each([
    [42, "42"],
    [null, "null"],
    [undefined, "undefined"],
    [["a"], '["a"]'],
    [10n, "<bigint>"],
  ])("reports the non-string %p as %s", (value, shown) => {
    const attempt = () => validateTopicPattern(value as unknown as string);
    expect(attempt).toThrow(TopicPatternError);
    expect(attempt).toThrow(`invalid topic pattern ${shown}: must be a string`);
    expect(() => new TopicRouter<number>().add(value as unknown as string, 1)).toThrow(
      TopicPatternError,
    );
  });

  it("accepts valid patterns", () => {
    for (const pattern of ["a", "*", ">", "a.*.>", "foo*", "a>", "*.*", "ñ.ü"]) {
      expect(() => validateTopicPattern(pattern)).not.toThrow();
    }
  });
});

describe("isValidTopic", () => {
  it.each(["a", "a.b", "a.*", "a.>", "*", "ñ.ü"])("accepts %j", (topic) => {
    expect(isValidTopic(topic)).toBe(true);
  });

  it.each(["", ".", "a.", ".a", "a..b", ".."])("rejects %j", (topic) => {
    expect(isValidTopic(topic)).toBe(false);
  });

  it("rejects non-strings", () => {
    expect(isValidTopic(7 as unknown as string)).toBe(false);
    expect(isValidTopic(undefined as unknown as string)).toBe(false);
  });
});

describe("topicMatches", () => {
  it("returns false for invalid patterns rather than throwing", () => {
    expect(topicMatches("a.>.c", "a.b")).toBe(false);
    expect(topicMatches("", "a")).toBe(false);
    expect(topicMatches(1 as unknown as string, "a")).toBe(false);
  });

  it("returns false for invalid topics", () => {
    expect(topicMatches(">", "")).toBe(false);
    expect(topicMatches(">", "a.")).toBe(false);
    expect(topicMatches("*.*", ".a")).toBe(false);
  });
});

describe("TopicRouter", () => {
  it("fans out to every matching value in insertion order across pattern kinds", () => {
    const router = routerOf(
      "plugin.>",
      "plugin.outbound.slack",
      "plugin.*.slack",
      ">",
      "plugin.outbound.*",
      "plugin.outbound.slack",
      "plugin.inbound.slack",
      "*.outbound.>",
    );
    const found = router.match("plugin.outbound.slack");
    expect(found.map((m) => m.value)).toEqual([0, 1, 2, 3, 4, 5, 7]);
    expect(found.map((m) => m.pattern)).toEqual([
      "plugin.>",
      "plugin.outbound.slack",
      "plugin.*.slack",
      ">",
      "plugin.outbound.*",
      "plugin.outbound.slack",
      "*.outbound.>",
    ]);
  });

  it("keeps insertion order when literal patterns interleave with wildcards", () => {
    const router = routerOf("a.b", "a.*", "a.b", "a.>", "a.b");
    expect(router.match("a.b").map((m) => m.value)).toEqual([0, 1, 2, 3, 4]);
  });

  it("returns every value added under the same pattern", () => {
    const router = new TopicRouter<string>();
    router.add("a.*", "first");
    router.add("a.*", "second");
    router.add("a.b", "third");
    router.add("a.b", "fourth");
    expect(router.match("a.b").map((m) => m.value)).toEqual(["first", "second", "third", "fourth"]);
    expect(router.match("a.c").map((m) => m.value)).toEqual(["first", "second"]);
    expect(router.size).toBe(4);
  });

  it("counts registrations in size", () => {
    const router = new TopicRouter<number>();
    expect(router.size).toBe(0);
    router.add("a", 1);
    router.add("a", 2);
    router.add("a.*", 3);
    router.add(">", 4);
    expect(router.size).toBe(4);
    expect(() => router.add("a.>.b", 5)).toThrow(TopicPatternError);
    expect(router.size).toBe(4);
  });

  describe("captures", () => {
    it("are empty for a literal pattern", () => {
      expect(routerOf("a.b").match("a.b")[0].captures).toEqual([]);
    });

    it("hold the segment a '*' matched", () => {
      expect(routerOf("agent.events.*").match("agent.events.kate")[0].captures).toEqual(["kate"]);
    });

    it("hold one segment per '*', in order", () => {
      expect(routerOf("*.b.*.*").match("a.b.c.d")[0].captures).toEqual(["a", "c", "d"]);
    });

    it("hold the single segment a trailing '>' matched", () => {
      expect(routerOf("plugin.inbound.>").match("plugin.inbound.slack")[0].captures).toEqual([
        "slack",
      ]);
    });

    it("hold the remaining segments of a trailing '>' joined with '.'", () => {
      expect(routerOf("a.*.>").match("a.b.c.d.e")[0].captures).toEqual(["b", "c.d.e"]);
    });

    it("hold the whole topic for '>' alone", () => {
      const found = routerOf(">").match("x.y.z");
      expect(found).toEqual([{ value: 0, pattern: ">", captures: ["x.y.z"] }]);
      expect(routerOf(">").match("x")[0].captures).toEqual(["x"]);
    });
  });

  it("matches '>' alone against any valid topic", () => {
    const router = routerOf(">");
    expect(router.match("a")).toHaveLength(1);
    expect(router.match("a.b.c.d")).toHaveLength(1);
    expect(router.match("")).toEqual([]);
  });

  it("treats 'foo*' and 'a>' as literals", () => {
    const router = routerOf("foo*", "a>");
    expect(router.match("foo*").map((m) => m.value)).toEqual([0]);
    expect(router.match("foobar")).toEqual([]);
    expect(router.match("foo")).toEqual([]);
    expect(router.match("a>").map((m) => m.value)).toEqual([1]);
    expect(router.match("a.b")).toEqual([]);
  });

  it("treats wildcard characters inside a topic as literals", () => {
    const router = routerOf("a.*", "a.>", "a.b", "*.*");
    expect(router.match("a.*").map((m) => m.value)).toEqual([0, 1, 3]);
    expect(router.match("a.>").map((m) => m.value)).toEqual([0, 1, 3]);
    expect(router.match("a.*")[0].captures).toEqual(["*"]);
    // A topic '*' is one literal segment, not a wildcard that could match 'a.b'.
    expect(routerOf("a.b").match("*.b")).toEqual([]);
    expect(routerOf("a.b.c").match("a.>")).toEqual([]);
  });

  it.each(["", ".", "a.", ".a", "a..b", "a.b.", ".a.b"])("matches nothing for topic %j", (topic) => {
    const router = routerOf(">", "*", "a.>", "a.*", "a.b", "a", "*.*", "*.b");
    expect(router.match(topic)).toEqual([]);
  });

  it("matches nothing for a non-string topic", () => {
    expect(routerOf(">").match(undefined as unknown as string)).toEqual([]);
  });

  it("matches with a literal-only router without splitting into the trie", () => {
    const router = routerOf("a.b", "a.c", "a.b");
    expect(router.match("a.b").map((m) => m.value)).toEqual([0, 2]);
    expect(router.match("a.d")).toEqual([]);
    expect(router.match("a..b")).toEqual([]);
  });

  it("returns a fresh array for each non-empty result", () => {
    const router = routerOf("a.*", "a.b");
    const first = router.match("a.b");
    (first as TopicMatch<number>[]).push({ value: 99, pattern: "x", captures: [] });
    expect(router.match("a.b").map((m) => m.value)).toEqual([0, 1]);
  });

  it("returns a frozen empty array when nothing matches", () => {
    const empty = routerOf("a.b").match("c");
    expect(empty).toEqual([]);
    expect(Object.isFrozen(empty)).toBe(true);
  });

  it("is independent of the number of unrelated patterns", () => {
    const router = new TopicRouter<string>();
    for (let i = 0; i < 2000; i++) {
      router.add(`svc${i}.events`, `literal${i}`);
      router.add(`svc${i}.*.done`, `star${i}`);
      router.add(`svc${i}.>`, `tail${i}`);
    }
    expect(router.size).toBe(6000);
    expect(router.match("svc1234.events").map((m) => m.value)).toEqual(["literal1234", "tail1234"]);
    expect(router.match("svc7.job.done").map((m) => m.value)).toEqual(["star7", "tail7"]);
    expect(router.match("other.events")).toEqual([]);
  });
});
