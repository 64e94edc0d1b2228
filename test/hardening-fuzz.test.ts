/**
 * Hardening: a wire fuzzer against a real plugin process (the adapter fixture, with its tool
 * handler and event handler).
 *
 * A few thousand random and mutated lines go to stdin (wrong types in every field, huge and
 * odd ids, deeply nested JSON, `__proto__` / `constructor` / `prototype` keys written as raw
 * JSON text, invalid UTF-8, truncated JSON, random bytes, blank lines, responses and
 * `llm.complete.delta`s for unknown ids, broken `broker.event`s), then a normal handshake, a
 * check that nothing polluted `Object.prototype` inside the plugin, and a shutdown.
 *
 * The expected replies come from an independent oracle that parses each line the way the
 * contract describes (sections 1 and 2): every request with a valid id (an integer or a
 * string) gets exactly one reply with that id, a request with an invalid id gets at most a
 * `-32600` with id null, and nothing else is ever answered.
 *
 * The generation is seeded (FUZZ_SEED overrides the seed; a failure names it). Deeply nested
 * values go into ids, methods and host-call replies too; the blocks at the end pin each of those
 * places down one by one.
 */
import fc from "fast-check";

import { startPlugin, startReady } from "./support/fixture";
import type { Frame, WireHost } from "./support/wire-host";

/** Prints measured figures when HARDENING_VERBOSE is set (they were used to set the bounds). */
// eslint-disable-next-line no-console
const report = (message: string): void => void (process.env["HARDENING_VERBOSE"] ? console.log(message) : undefined);

const SEED = process.env["FUZZ_SEED"] !== undefined ? Number(process.env["FUZZ_SEED"]) : 20260501;
const FUZZ_LINES = 5000;

const OUTBOUND = "plugin.outbound.demo";

/** Characters of every UTF-8 length, for strings and ids. */
const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("a", "b", "z", "0", " ", "é", "中", "😀", "👍🏽", "𝄞", "\u2028", "\"", "\\", "\u0000") },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
);
const str = (maxLength = 16): fc.Arbitrary<string> => fc.string({ unit, maxLength });
const jsonValue = fc.jsonValue({ maxDepth: 3, stringUnit: unit });

/** Nested arrays or objects, `depth` levels deep, as JSON text. */
function deepJson(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}
const deep = fc.tuple(fc.constantFrom(1000, 5000, 20_000), fc.constantFrom("array" as const, "object" as const)).map(([d, k]) => deepJson(d, k));

/** Raw JSON text of payloads that try to pollute prototypes (JSON.stringify would drop `__proto__`). */
const PROTO_TEXTS = [
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"__proto__":{"__proto__":{"polluted":1}},"prototype":{"polluted":1}}',
  '{"a":{"__proto__":{"polluted":1}},"b":[{"__proto__":{"polluted":1}}]}',
  '{"__proto__":null,"constructor":null,"prototype":null,"toString":1,"hasOwnProperty":1,"valueOf":"x"}',
  '{"__proto__":[1,2],"constructor":"x"}',
];
const protoText = fc.constantFrom(...PROTO_TEXTS);

/** Any JSON text: a random value, a deep one, or a prototype-polluting one. */
const anyJsonText = fc.oneof(
  { weight: 6, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: protoText },
);

/** Ids the contract allows: integers and strings (including odd ones). */
const validId = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  str(20),
  fc.constant(""),
  fc.integer({ min: 1000, max: 100_000 }).map((n) => "i".repeat(n)),
).map((id) => JSON.stringify(id));

/** Ids the contract does not allow, as JSON text (or number texts JSON cannot keep exact). */
const invalidId = fc.oneof(
  fc.constantFrom("null", "true", "false", "{}", "[]", "[1]", '{"id":1}', "1.5", "-0.25", "1e400", "-1e400", "1e300", "123456789012345678901234567890", "9007199254740993", "-0"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)).map((d) => JSON.stringify(d)),
  jsonValue.filter((v) => typeof v === "object" || typeof v === "boolean").map((v) => JSON.stringify(v)),
  deep,
);

/** Methods the fuzzer may call with a valid id: everything but `shutdown`. */
const requestMethod = fc.oneof(
  fc.constantFrom("initialize", "tool.invoke", "tool.invoke", "tool.invoke", "broker.event", "llm.complete.delta", "memory.recall", "nexo.unknown", "", "__proto__", "constructor", "toString", "hasOwnProperty"),
  str(12).filter((m) => m !== "shutdown"),
).map((m) => JSON.stringify(m));

/** Methods as anything but a string. */
const nonStringMethod = fc.oneof(
  fc.constantFrom("null", "1", "0", "-1.5", "true", "{}", "[]", '["shutdown"]', '{"method":"initialize"}'),
  deep,
);

/**
 * Tool names: the fixture's safe behaviours (never the ones that wait on a gate or a timer the
 * fuzzer controls, such as `hold` or `slow`), prototype names, and random names.
 */
const SAFE_TOOLS = [
  "demo_echo", "demo_text", "demo_undefined", "demo_null_args", "demo_bigint", "demo_function", "demo_symbol",
  "demo_to_json_undefined", "demo_cycle", "demo_not_found", "demo_argument", "demo_argument_sync", "demo_execution",
  "demo_unavailable", "demo_denied", "demo_generic", "demo_generic_sync", "demo_string_throw", "demo_recall",
  "demo_publish", "demo_publish_function", "demo_polluted", "demo_stats", "demo_release",
  "demo___proto__", "demo_constructor", "demo_toString", "__proto__", "constructor", "prototype", "valueOf",
];
const UNSAFE_TOOL_BEHAVIOURS = new Set(["hold", "slow", "stream", "llm", "console_log"]);
const toolName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SAFE_TOOLS) },
  { weight: 1, arbitrary: str(10).filter((n) => !UNSAFE_TOOL_BEHAVIOURS.has(n.replace(/^(ext_)?demo_/, ""))) },
);

/** `tool.invoke` params: well-formed ones with odd args, and broken ones. */
const toolParams = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(toolName, anyJsonText, fc.boolean(), fc.option(str(8))).map(
    ([name, args, withAgent, plugin]) =>
      `{"plugin_id":${JSON.stringify(plugin ?? "demo")},"tool_name":${JSON.stringify(name)},"args":${args}` +
      (withAgent ? ',"agent_id":"agent-1"' : "") + "}",
  ) },
  { weight: 1, arbitrary: protoText.map((p) => `{"__proto__":{"tool_name":"demo_echo"},"args":${p}}`) },
  { weight: 1, arbitrary: protoText.map((p) => `{"tool_name":"demo_echo","args":${p},"policy":${p}}`) },
  { weight: 2, arbitrary: fc.constantFrom('"demo_echo"', "[]", "null", "1", '{"tool_name":1}', '{"tool_name":""}', '{"tool_name":null}', '{"tool_name":["demo_echo"]}', "{}") },
);

/** Event `do` values that cannot hold the fixture forever. */
const SAFE_EVENT_DO = ["publish", "throw", "reject", "release", "publish-topics", "recall-pending", "__proto__", "constructor", "toString", "hasOwnProperty", "nothing"];
const UNSAFE_EVENT_DO = new Set(["hold", "slow-publish", "sleep", "publish-n", "publish-loop", "recall-count", "console-log"]);

/** `broker.event` params: valid envelopes with odd payloads, and every way of breaking them. */
const eventParams = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.oneof(fc.constantFrom(...SAFE_EVENT_DO), str(8).filter((d) => !UNSAFE_EVENT_DO.has(d))), anyJsonText, fc.boolean()).map(
    ([what, data, full]) => {
      const payload = `{"do":${JSON.stringify(what)},"data":${data},"tag":"fz","gate":"fz"}`;
      const event = full
        ? `{"id":"0194f3c0-0000-4000-8000-000000000001","timestamp":"2026-05-01T00:00:00Z","topic":"${OUTBOUND}","source":"fuzz","session_id":null,"payload":${payload}}`
        : `{"topic":"${OUTBOUND}","source":"fuzz","payload":${payload}}`;
      return `{"topic":"${OUTBOUND}","event":${event}}`;
    },
  ) },
  { weight: 1, arbitrary: protoText.map((p) => `{"topic":"${OUTBOUND}","event":{"topic":"${OUTBOUND}","source":"fuzz","payload":${p},"__proto__":{"payload":1}},"__proto__":{"polluted":1}}`) },
  { weight: 3, arbitrary: fc.oneof(
    fc.constantFrom("null", "[]", '"x"', "1", "{}", '{"topic":""}', '{"topic":1}', `{"topic":"${OUTBOUND}"}`, `{"topic":"${OUTBOUND}","event":null}`,
      `{"topic":"${OUTBOUND}","event":[]}`, `{"topic":"${OUTBOUND}","event":{}}`, `{"topic":"${OUTBOUND}","event":{"topic":"${OUTBOUND}"}}`,
      `{"topic":"${OUTBOUND}","event":{"topic":"","source":"s"}}`, `{"topic":"${OUTBOUND}","event":{"topic":1,"source":{}}}`,
      `{"topic":"${OUTBOUND}","event":{"topic":"${OUTBOUND}","source":"s","session_id":{"a":1},"metadata":[1],"correlation_id":5}}`),
    anyJsonText,
  ) },
);

/** `llm.complete.delta` params for ids no call has. */
const deltaParams = fc.oneof(
  fc.tuple(fc.oneof(fc.integer({ min: 1000, max: 1_000_000 }).map(String), fc.constantFrom('"1"', "null", "[]", "{}", "-1", "1.5", "true")), anyJsonText).map(
    ([requestId, chunk]) => `{"request_id":${requestId},"chunk":${chunk}}`,
  ),
  fc.constantFrom("null", "[]", '"x"', "{}", '{"chunk":"x"}'),
  anyJsonText,
);

/** One JSON-RPC-ish object line, as text, from its parts (`undefined` parts are left out). */
function frameText(parts: Array<[string, string | undefined]>): string {
  return "{" + parts.filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",") + "}";
}

const jsonrpcField = fc.oneof({ weight: 8, arbitrary: fc.constant('"2.0"') }, { weight: 1, arbitrary: fc.constantFrom(undefined, '"1.0"', "2", "null") });

/** Requests with a valid id and a string method. */
const requestLine = fc.tuple(jsonrpcField, validId, requestMethod, fc.option(anyJsonText)).chain(([rpc, id, method, params]) =>
  (method === '"tool.invoke"' ? toolParams : fc.constant(params ?? undefined)).map((p) => frameText([["jsonrpc", rpc], ["id", id], ["method", method], ["params", p]])),
);

/** Ids no reading of JSON-RPC allows: not numbers, not strings. */
const nonNumericInvalidId = fc.oneof(
  fc.constantFrom("null", "true", "false", "{}", "[]", "[1]", '{"id":1}', "1e400", "-1e400"),
  jsonValue.filter((v) => typeof v === "object" || typeof v === "boolean").map((v) => JSON.stringify(v)),
);

/**
 * Requests (and would-be requests) whose id is not allowed, with any method; `shutdown` only with
 * ids that are not numbers at all (numeric invalid ids are pinned down by the block at the end).
 */
const invalidIdLine = fc.oneof(
  fc.tuple(invalidId, fc.oneof(requestMethod, fc.constant('"initialize"'))),
  fc.tuple(nonNumericInvalidId, fc.constant('"shutdown"')),
).map(([id, method]) => frameText([["jsonrpc", '"2.0"'], ["id", id], ["method", method], ["params", "{}"]]));

/** A method that is not a string, with a valid id, an invalid one, or none. */
const nonStringMethodLine = fc.tuple(nonStringMethod, fc.oneof(validId, invalidId, fc.constant(undefined))).map(([method, id]) =>
  frameText([["jsonrpc", '"2.0"'], ["id", id], ["method", method]]),
);

/** Notifications: events, deltas, tool.invoke without an id, shutdown without an id, unknown ones. */
const notificationLine = fc.oneof(
  { weight: 4, arbitrary: eventParams.map((p) => frameText([["jsonrpc", '"2.0"'], ["method", '"broker.event"'], ["params", p]])) },
  { weight: 2, arbitrary: deltaParams.map((p) => frameText([["jsonrpc", '"2.0"'], ["method", '"llm.complete.delta"'], ["params", p]])) },
  { weight: 1, arbitrary: toolParams.map((p) => frameText([["jsonrpc", '"2.0"'], ["method", '"tool.invoke"'], ["params", p]])) },
  { weight: 1, arbitrary: fc.constantFrom('{"jsonrpc":"2.0","method":"shutdown"}', '{"jsonrpc":"2.0","method":"shutdown","params":{}}', '{"jsonrpc":"2.0","method":"initialize"}') },
  { weight: 1, arbitrary: fc.tuple(requestMethod, fc.option(anyJsonText)).map(([m, p]) => frameText([["jsonrpc", '"2.0"'], ["method", m], ["params", p ?? undefined]])) },
);

/** Responses to calls the plugin never made (or made: small ids may hit a real pending call). */
const responseLine = fc.tuple(
  fc.oneof(fc.integer({ min: 100, max: 1_000_000 }).map(String), fc.constantFrom("null", '"x"', "[]", "{}", "1.5", "-1"), deep),
  fc.oneof(
    anyJsonText.map((r) => ["result", r] as [string, string]),
    fc.constantFrom('{"code":-32603,"message":"x"}', "null", '"boom"', "[]", '{"code":"x"}').map((e) => ["error", e] as [string, string]),
  ),
).map(([id, [key, value]]) => frameText([["jsonrpc", '"2.0"'], ["id", id], [key, value]]));

/** Objects that are only odd: duplicate keys, prototype keys at the top level, extra keys. */
const oddObjectLine = fc.oneof(
  fc.tuple(validId, validId).map(([a, b]) => `{"jsonrpc":"2.0","id":${a},"id":${b},"method":"initialize"}`),
  protoText.map((p) => `{"__proto__":{"method":"initialize","id":7},"jsonrpc":"2.0","params":${p}}`),
  fc.tuple(validId, protoText).map(([id, p]) => `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"jsonrpc":"2.0","id":${id},"method":"initialize","params":${p}}`),
  fc.tuple(validId, anyJsonText).map(([id, x]) => `{"jsonrpc":"2.0","id":${id},"method":"nexo.unknown","extra":${x},"result":1,"error":null}`),
);

/** Garbage: random bytes, invalid UTF-8, non-object JSON, blank lines. */
const garbageLine: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b.map((x) => (x === 0x0a ? 0x20 : x)))),
  fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf5, 0xff, 0xfe), { minLength: 1, maxLength: 12 }).map((b) => Buffer.from(b)),
  fc.constantFrom("", " ", "\t", "\r", "   \r", "{", "}", "[", "{}", "[]", "null", "0", '"x"', "true", "{\"jsonrpc\":", "\u2028", "\ufeff{}").map((s) => Buffer.from(s)),
  jsonValue.map((v) => Buffer.from(JSON.stringify(v))),
);

/** Invalid UTF-8 inside a string of an otherwise valid request or event (ids stay ASCII). */
const invalidUtf8InsideLine = fc.tuple(fc.boolean(), fc.nat({ max: 1_000_000 }), fc.array(fc.constantFrom(0x80, 0xc3, 0xe2, 0xed, 0xf0, 0xff), { minLength: 1, maxLength: 6 })).map(([event, id, bad]) => {
  const badBytes = Buffer.from(bad);
  return event
    ? Buffer.concat([Buffer.from(`{"jsonrpc":"2.0","method":"broker.event","params":{"topic":"${OUTBOUND}","event":{"topic":"${OUTBOUND}","source":"fuzz","payload":{"do":"publish","data":{"t":"`), badBytes, Buffer.from('"}}}}}')])
    : Buffer.concat([Buffer.from(`{"jsonrpc":"2.0","id":${id},"method":"tool.invoke","params":{"tool_name":"demo_echo","args":"`), badBytes, Buffer.from('"}}')]);
});

/** A well-formed line cut short, or with a few bytes changed, dropped or inserted. */
function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<Buffer> {
  return fc.tuple(base, fc.array(fc.tuple(fc.constantFrom("cut", "flip", "drop", "insert"), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 })).map(([text, edits]) => {
    let bytes = Buffer.from(text);
    for (const [kind, at, byte] of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      const b = byte === 0x0a ? 0x20 : byte;
      if (kind === "cut") bytes = bytes.subarray(0, i);
      else if (kind === "flip") bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([b]), bytes.subarray(i + 1)]);
      else if (kind === "drop") bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
      else bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([b]), bytes.subarray(i)]);
    }
    return bytes;
  });
}

const fuzzLine: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 6, arbitrary: requestLine.map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: invalidIdLine.map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: nonStringMethodLine.map((s) => Buffer.from(s)) },
  { weight: 5, arbitrary: notificationLine.map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: responseLine.map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: oddObjectLine.map((s) => Buffer.from(s)) },
  { weight: 3, arbitrary: garbageLine },
  { weight: 1, arbitrary: invalidUtf8InsideLine },
  { weight: 3, arbitrary: mutated(fc.oneof(requestLine, notificationLine, responseLine)) },
);

/** What the contract says about one inbound line. */
type Expectation =
  | { kind: "reply"; id: string | number; method: unknown }
  | { kind: "maybe-null"; lenientId?: number }
  | { kind: "none" };

/** The oracle: classifies a line as the contract does (sections 1 and 2), independently of the SDK. */
function expectationOf(line: Buffer): Expectation {
  if (line.length > 1_048_576) return { kind: "none" };
  let value: unknown;
  try {
    value = JSON.parse(line.toString("utf8"));
  } catch {
    return { kind: "none" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "none" };
  const frame = value as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(frame, "id")) return { kind: "none" };
  if (!Object.prototype.hasOwnProperty.call(frame, "method")) return { kind: "none" };
  const id = frame["id"];
  if (typeof id === "string" || (typeof id === "number" && Number.isSafeInteger(id))) return { kind: "reply", id, method: frame["method"] };
  // A finite number that is not a safe integer (1.5, 1e300): not an id the contract allows; the
  // SDK may answer it with the number it parsed or with a -32600 for id null.
  if (typeof id === "number" && Number.isFinite(id)) return { kind: "maybe-null", lenientId: id };
  return { kind: "maybe-null" };
}

/** The key an id is counted under. */
function idKey(id: unknown): string {
  return typeof id === "number" ? `n:${id}` : `s:${String(id)}`;
}

/** Writes lines in batches with backpressure. */
async function writeLines(host: WireHost, lines: Buffer[]): Promise<void> {
  const batch: Buffer[] = [];
  let size = 0;
  for (const line of lines) {
    batch.push(line, NEWLINE);
    size += line.length + 1;
    if (size > 64 * 1024) {
      await host.write(Buffer.concat(batch.splice(0)));
      size = 0;
    }
  }
  if (batch.length > 0) await host.write(Buffer.concat(batch));
}
const NEWLINE = Buffer.from("\n");

describe("wire fuzzer", () => {
  it(`survives ${FUZZ_LINES} random and mutated lines, answers exactly the valid requests, and is not polluted (seed ${SEED})`, async () => {
    const lines = fc.sample(fuzzLine, { seed: SEED, numRuns: FUZZ_LINES });
    // Spot-checks that the generator really produces what this test claims to cover.
    const texts = lines.map((l) => l.toString("latin1"));
    for (const needle of ['"__proto__"', '"constructor"', "[[[[[[[[[[", '"method":null', '"id":{}', '"id":1.5', "llm.complete.delta", "broker.event"]) {
      expect(texts.some((t) => t.includes(needle))).toBe(true);
    }
    expect(lines.some((l) => l.length === 0)).toBe(true);
    expect(lines.some((l) => l.toString("utf8").includes("\ufffd"))).toBe(true);

    const host = startPlugin({ shutdownHooks: ["log"] });
    try {
      await writeLines(host, lines);
    } catch (error) {
      throw new Error(`${String(error)}; exit ${JSON.stringify(host.status ?? null)}; stderr tail: ${host.stderrLines.slice(-15).join("\n")}`);
    }

    // A normal session follows: handshake, a tool call, the pollution check, shutdown.
    const init = await host.request("initialize", { nexo_version: "0.1.0" }, { id: "zz-final-init", timeoutMs: 20_000 });
    expect((((init["result"] as Frame)["manifest"] as Frame)["plugin"] as Frame)["id"]).toBe("demo");
    const echo = await host.invoke("demo_echo", { after: "fuzz" }, {}, { id: "zz-final-echo", timeoutMs: 20_000 });
    expect((echo["result"] as Frame)["args"]).toEqual({ after: "fuzz" });
    const polluted = await host.invoke("demo_polluted", null, {}, { id: "zz-final-polluted", timeoutMs: 20_000 });
    expect(polluted["result"]).toEqual({ literal: "undefined", prototype: "undefined", prototypeKeys: [], arrayPrototypeKeys: [] });
    // The plugin never died during the fuzz.
    expect(host.status).toBeUndefined();
    const ack = await host.request("shutdown", { reason: "fuzz over" }, { id: "zz-final-shutdown", timeoutMs: 20_000 });
    expect(ack["result"]).toEqual({ ok: true });
    expect(await host.exitedWithin(20_000)).toEqual({ code: 0, signal: null });
    expect(host.stderrLines.some((l) => l.includes("SHUTDOWN_HOOK ran"))).toBe(true);
    expect(host.violations).toEqual([]);

    // Reply accounting against the oracle.
    const expectations = lines.map(expectationOf);
    const expected = new Map<string, { count: number; method: unknown }>();
    let maybeNull = 0;
    const lenient = new Map<string, number>();
    for (const e of expectations) {
      if (e.kind === "reply") {
        const entry = expected.get(idKey(e.id)) ?? { count: 0, method: e.method };
        entry.count++;
        expected.set(idKey(e.id), entry);
      } else if (e.kind === "maybe-null") {
        maybeNull++;
        if (e.lenientId !== undefined) lenient.set(idKey(e.lenientId), (lenient.get(idKey(e.lenientId)) ?? 0) + 1);
      }
    }
    for (const key of ["zz-final-init", "zz-final-echo", "zz-final-polluted", "zz-final-shutdown"]) expected.set(idKey(key), { count: 1, method: "final" });

    const replies = host.responses();
    const actual = new Map<string, Frame[]>();
    for (const reply of replies) {
      const key = idKey(reply["id"]);
      actual.set(key, [...(actual.get(key) ?? []), reply]);
    }
    const problems: string[] = [];
    for (const [key, { count }] of expected) {
      const got = actual.get(key)?.length ?? 0;
      if (got !== count) problems.push(`id ${key}: expected ${count} replies, got ${got}`);
    }
    let lenientAnswered = 0;
    for (const [key, got] of actual) {
      if (expected.has(key)) continue;
      if (key === "s:null") continue;
      if (lenient.has(key) && got.length <= lenient.get(key)!) {
        lenientAnswered += got.length;
        continue;
      }
      problems.push(`unexpected reply for id ${key}: ${JSON.stringify(got).slice(0, 300)}`);
    }
    const nullReplies = actual.get("s:null") ?? [];
    if (nullReplies.length + lenientAnswered > maybeNull) problems.push(`${nullReplies.length} null-id replies and ${lenientAnswered} lenient ones for ${maybeNull} invalid ids`);
    for (const reply of nullReplies) {
      if ((reply["error"] as Frame | undefined)?.["code"] !== -32600) problems.push(`null-id reply that is not -32600: ${JSON.stringify(reply).slice(0, 300)}`);
    }
    // For ids used once, the reply's kind matches the request's method.
    for (const [key, { count, method }] of expected) {
      const got = actual.get(key);
      if (count !== 1 || got?.length !== 1 || method === "final") continue;
      const reply = got[0]!;
      const code = (reply["error"] as Frame | undefined)?.["code"];
      if (typeof method !== "string") {
        if (code !== -32600) problems.push(`id ${key}: non-string method answered with ${JSON.stringify(reply).slice(0, 200)}`);
      } else if (method === "initialize") {
        if (!("result" in reply)) problems.push(`id ${key}: initialize answered with ${JSON.stringify(reply).slice(0, 200)}`);
      } else if (method === "tool.invoke") {
        if (!("result" in reply) && !(typeof code === "number" && (code === -32602 || (code <= -33401 && code >= -33405)))) {
          problems.push(`id ${key}: tool.invoke answered with ${JSON.stringify(reply).slice(0, 200)}`);
        }
      } else if (code !== -32601) {
        problems.push(`id ${key}: unknown method ${JSON.stringify(method)} answered with ${JSON.stringify(reply).slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
    report(
      `[fuzz] seed ${SEED}: ${lines.length} lines, ${[...expected.values()].reduce((s, e) => s + e.count, 0)} expected replies, ` +
        `${replies.length} replies, ${nullReplies.length} null-id, ${lenientAnswered} lenient (non-integer number ids answered as is), ` +
        `${host.notifications("broker.publish").length} publishes, ${host.hostRequests.length} host calls, ${host.stderrLines.length} stderr lines`,
    );
  }, 60_000);
});

/**
 * Regression: JSON.parse accepts values nested about 5000 levels deep (10 KB, far under the
 * frame cap) that JSON.stringify cannot render. The dispatch path once rendered untrusted ids,
 * methods, request ids, chunks and error objects with JSON.stringify for its log lines, and the
 * RangeError escaped the stdin listener and killed the plugin. Each place is pinned down here.
 */
describe("deeply nested JSON in ids, methods and host-call replies does not crash the plugin", () => {
  const DEEP = deepJson(5000, "array");

  async function expectAliveAfter(host: WireHost, line: string): Promise<void> {
    host.sendRaw(line + "\n");
    const reply = await host.request("initialize", {}, { id: "after", timeoutMs: 5000 });
    expect(reply["result"]).toBeDefined();
    expect(host.status).toBeUndefined();
    const ack = await host.request("shutdown", {}, { id: "bye" });
    expect(ack["result"]).toEqual({ ok: true });
    expect(await host.exitedWithin(5000)).toEqual({ code: 0, signal: null });
  }

  it("a request whose id is nested 5000 deep gets -32600 with id null", async () => {
    const host = await startReady();
    host.sendRaw(`{"jsonrpc":"2.0","id":${DEEP},"method":"initialize"}\n`);
    const reply = await host.waitFor((f) => f["id"] === null, 5000, "the -32600 for the deep id");
    expect((reply["error"] as Frame)["code"]).toBe(-32600);
    await expectAliveAfter(host, "");
  });

  it("a response whose id is nested 5000 deep is dropped", async () => {
    await expectAliveAfter(await startReady(), `{"jsonrpc":"2.0","id":${DEEP},"result":1}`);
  });

  it("a notification whose method is nested 5000 deep is dropped", async () => {
    await expectAliveAfter(await startReady(), `{"jsonrpc":"2.0","method":${DEEP}}`);
  });

  it("an llm.complete.delta whose request_id is nested 5000 deep is dropped", async () => {
    await expectAliveAfter(await startReady(), `{"jsonrpc":"2.0","method":"llm.complete.delta","params":{"request_id":${DEEP},"chunk":"x"}}`);
  });

  it("a delta whose chunk is nested 5000 deep, for a pending stream, does not crash it", async () => {
    const host = await startReady();
    host.sendRequest("tool.invoke", { tool_name: "demo_stream", args: { request: { provider: "p", model: "m", messages: [{ role: "user", content: "hi" }] } } }, "stream");
    const call = await host.waitFor((f) => f["method"] === "llm.complete");
    host.sendRaw(`{"jsonrpc":"2.0","method":"llm.complete.delta","params":{"request_id":${JSON.stringify(call["id"])},"chunk":${DEEP}}}\n`);
    host.send({ jsonrpc: "2.0", id: call["id"], result: { finish_reason: "stop", usage: { prompt_tokens: 1, completion_tokens: 1 } } });
    await host.response("stream");
    await expectAliveAfter(host, "");
  });

  it("an error reply nested 5000 deep to a pending memory.recall does not crash it", async () => {
    const host = await startReady();
    host.sendRequest("tool.invoke", { tool_name: "demo_recall", args: { query: "q" } }, "recall");
    const call = await host.waitFor((f) => f["method"] === "memory.recall");
    host.sendRaw(`{"jsonrpc":"2.0","id":${JSON.stringify(call["id"])},"error":${DEEP}}\n`);
    const reply = await host.response("recall");
    expect(((reply["result"] as Frame)["ok"])).toBe(false);
    await expectAliveAfter(host, "");
  });
});

/**
 * Regression (found by the fuzzer): a request id must be an integer or a string (CONTRACT.md
 * section 2). Ids such as 1.5 or 1e300 were once served like any other (`shutdown` included),
 * and an integer beyond 2^53 was echoed as the double JSON.parse rounded it to. They now get
 * -32600 with id null. The main fuzzer's oracle still accepts either answer for such ids.
 */
describe("non-integer and unsafe-integer ids are invalid requests", () => {
  it.each(["1.5", "1e300", "9007199254740993"])("a request with id %s gets -32600 with id null", async (id) => {
    const host = await startReady();
    host.sendRaw(`{"jsonrpc":"2.0","id":${id},"method":"initialize"}\n`);
    await host.barrier();
    const replies = host.responses().filter((f) => f["id"] !== "ready" && f["id"] !== 1);
    expect(replies).toEqual([{ jsonrpc: "2.0", id: null, error: { code: -32600, message: expect.any(String) } }]);
  });

  it("a shutdown request with id 1.5 does not shut the plugin down", async () => {
    const host = await startReady();
    host.sendRaw('{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}\n');
    const reply = await host.waitFor((f) => f["id"] === null || f["id"] === 1.5);
    expect((reply["error"] as Frame | undefined)?.["code"]).toBe(-32600);
    expect(host.status).toBeUndefined();
  });
});
