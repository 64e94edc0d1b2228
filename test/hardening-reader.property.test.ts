/**
 * Hardening, property-based: the inbound frame reader (CONTRACT.md section 1) must not care how
 * the bytes of stdin are cut into chunks.
 *
 * - `FrameReader` (the unit under test) directly: any chunking of any stream of lines gives the
 *   same frames and log lines as the whole stream, and the frames an independent oracle expects;
 *   lines over the cap are dropped whole with one `... exceeds max N` line naming their exact
 *   UTF-8 size, whatever the chunking, and the next line survives.
 * - A real `PluginAdapter` in-process (PassThrough stdio): multi-byte UTF-8 characters (accents,
 *   CJK, emoji, astral symbols) cut anywhere arrive intact in a tool's echoed args; oversize
 *   `tool.invoke` lines are never answered, each logs one `max` line, and the next is answered.
 */
import { PassThrough } from "node:stream";
import fc from "fast-check";

import { PluginAdapter } from "../src";
import { FrameReader } from "../src/core/wire/frame-reader";

/** Characters of every UTF-8 length (1 to 4 bytes), combining marks and multi-code-point emoji. */
const MULTIBYTE_UNITS = [
  "a", "Z", "0", " ", "\"", "\\", "/", "{", "}", "\t",
  "é", "ü", "ñ", "ß", "ø", "e\u0301", "Ω", "Ж",
  "中", "文", "語", "한", "あ", "€", "™", "\u2028", "\u00a0",
  "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "𝄞", "𠀋",
];

/** One unit: mostly the multi-byte list above, sometimes any grapheme fast-check can think of. */
const unit = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MULTIBYTE_UNITS) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
);

const text = (maxLength = 24): fc.Arbitrary<string> => fc.string({ unit, maxLength });

/** JSON values whose strings are full of multi-byte characters. */
const json = fc.jsonValue({ maxDepth: 3, stringUnit: unit });

/** A line holding a JSON object. */
const objectLine = fc.dictionary(text(8), json, { maxKeys: 5 }).map((o) => JSON.stringify(o));

/** A line that is JSON but not an object. */
const nonObjectLine = json.filter((v) => typeof v !== "object" || v === null || Array.isArray(v)).map((v) => JSON.stringify(v));

/** A line that is not JSON at all (never containing a newline). */
const malformedLine = text(30).map((s) => `#${s.replace(/\n/g, " ")}`);

/** Blank lines, which are skipped silently. */
const blankLine = fc.constantFrom("", " ", "\t", "  \t ");

const anyLine = fc.oneof(
  { weight: 6, arbitrary: objectLine },
  { weight: 1, arbitrary: nonObjectLine },
  { weight: 1, arbitrary: malformedLine },
  { weight: 1, arbitrary: blankLine },
);

/**
 * How a byte stream is cut: chunk sizes used in turn until the stream is consumed (so cuts fall
 * everywhere, inside characters too), random cut points given as fractions of its length, or
 * one byte per chunk.
 */
type Cutting = { sizes: number[] } | { fractions: number[] } | "bytes";

const cutting: fc.Arbitrary<Cutting> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40, size: "medium" }) }) },
  { weight: 1, arbitrary: fc.constant("bytes" as const) },
);

/** Cuts `bytes` into non-empty chunks as `how` says; concatenating the chunks gives `bytes` back. */
function chunksOf(bytes: Buffer, how: Cutting): Buffer[] {
  const chunks: Buffer[] = [];
  if (how === "bytes") {
    for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
  } else if ("sizes" in how) {
    for (let start = 0, k = 0; start < bytes.length; k++) {
      const end = Math.min(bytes.length, start + how.sizes[k % how.sizes.length]!);
      chunks.push(bytes.subarray(start, end));
      start = end;
    }
  } else {
    const points = [...new Set(how.fractions.map((f) => Math.floor(f * bytes.length)))]
      .filter((p) => p > 0 && p < bytes.length)
      .sort((a, b) => a - b);
    let start = 0;
    for (const point of [...points, bytes.length]) {
      if (point > start) chunks.push(bytes.subarray(start, point));
      start = point;
    }
  }
  expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  return chunks;
}

/** What a reader reported, in order: frames and log lines interleaved as they happened. */
type Output = Array<["frame", Record<string, unknown>] | ["log", string]>;

/** Feeds `chunks` to a fresh FrameReader, then ends it, and returns everything it reported. */
function readAll(chunks: Buffer[], maxFrameBytes: number): Output {
  const out: Output = [];
  const reader = new FrameReader({
    maxFrameBytes,
    onFrame: (frame) => out.push(["frame", frame]),
    log: (message) => out.push(["log", message]),
  });
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return out;
}

function framesOf(out: Output): unknown[] {
  return out.filter(([kind]) => kind === "frame").map(([, value]) => value);
}

function logsOf(out: Output): string[] {
  return out.filter(([kind]) => kind === "log").map(([, value]) => value as string);
}

/** The oracle's verdict on one line: the object it carries, or nothing. */
function expectedFrame(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const OVERSIZE = /^inbound frame of (\d+) bytes exceeds max (\d+); dropped$/;

describe("FrameReader: chunking never changes what is read", () => {
  it("gives the same frames and log lines for any chunking as for the whole stream, and the frames the lines hold", () => {
    fc.assert(
      fc.property(
        fc.array(anyLine, { maxLength: 12 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        cutting,
        (lines, separator, trailingNewline, cuts) => {
          const bytes = Buffer.from(lines.join(separator) + (trailingNewline ? separator : ""), "utf8");
          const whole = readAll([bytes], 1_048_576);
          const chunked = readAll(chunksOf(bytes, cuts), 1_048_576);
          expect(chunked).toEqual(whole);
          const expected = lines.map(expectedFrame).filter((f) => f !== undefined);
          expect(framesOf(chunked)).toEqual(expected);
          // One log line per malformed or non-object line, none for blank lines or frames.
          const rejected = lines.filter((l) => l.trim() !== "" && expectedFrame(l) === undefined).length;
          expect(logsOf(chunked)).toHaveLength(rejected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("decodes multi-byte characters cut anywhere, even one byte at a time", () => {
    fc.assert(
      fc.property(fc.array(text(40), { minLength: 1, maxLength: 6 }), cutting, (strings, cuts) => {
        const frames = strings.map((s, i) => ({ i, s }));
        const bytes = Buffer.from(frames.map((f) => JSON.stringify(f) + "\n").join(""), "utf8");
        expect(framesOf(readAll(chunksOf(bytes, cuts), 1_048_576))).toEqual(frames);
      }),
      { numRuns: 500 },
    );
  });
});

/** An object line of exactly `bytes` UTF-8 bytes, ending its padding with `last` (a 1-4 byte character). */
function lineOfBytes(bytes: number, last: string): string {
  const head = '{"pad":"';
  const tail = '"}';
  const room = bytes - Buffer.byteLength(head + tail) - Buffer.byteLength(last);
  if (room < 0) throw new Error(`cannot build a line of ${bytes} bytes`);
  const line = head + "x".repeat(room) + last + tail;
  if (Buffer.byteLength(line) !== bytes) throw new Error("lineOfBytes miscounted");
  return line;
}

describe("FrameReader: the frame cap under any chunking", () => {
  const MAX = 200;

  /** Lines around and far over the cap: random multi-byte objects, exact-size lines, long garbage. */
  const cappedLine = fc.oneof(
    { weight: 3, arbitrary: fc.record({ id: fc.nat(), s: text(120) }).map((o) => JSON.stringify(o)) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: MAX - 3, max: MAX + 3 }), fc.constantFrom("a", "é", "中", "😀")).map(([n, c]) => lineOfBytes(n, c)) },
    { weight: 2, arbitrary: fc.string({ unit, minLength: 60, maxLength: 400 }).map((s) => `#${s.replace(/\n/g, " ")}`) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom("é", "中", "😀"), minLength: 70, maxLength: 300 }) },
    { weight: 1, arbitrary: fc.integer({ min: MAX + 1, max: 5000 }).map((n) => "y".repeat(n)) },
    { weight: 1, arbitrary: blankLine },
  );

  it("drops each line over the cap whole with one 'exceeds max' line naming its UTF-8 size, and keeps the lines after it", () => {
    fc.assert(
      fc.property(fc.array(cappedLine, { minLength: 1, maxLength: 10 }), fc.boolean(), cutting, (lines, trailingNewline, cuts) => {
        const bytes = Buffer.from(lines.join("\n") + (trailingNewline ? "\n" : ""), "utf8");
        const chunked = readAll(chunksOf(bytes, cuts), MAX);
        expect(chunked).toEqual(readAll([bytes], MAX));
        const sizes = lines.map((l) => Buffer.byteLength(l, "utf8"));
        const oversize = sizes.filter((n) => n > MAX);
        const reported = logsOf(chunked)
          .map((l) => OVERSIZE.exec(l))
          .filter((m): m is RegExpExecArray => m !== null);
        expect(reported.map((m) => Number(m[1]))).toEqual(oversize);
        expect(reported.every((m) => Number(m[2]) === MAX)).toBe(true);
        const kept = lines.filter((_, i) => sizes[i]! <= MAX).map(expectedFrame).filter((f) => f !== undefined);
        expect(framesOf(chunked)).toEqual(kept);
      }),
      { numRuns: 500 },
    );
  });

  it("bounds what a line that never ends holds, however it arrives, and reads the line after its newline", () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX + 1, max: 20_000 }), fc.constantFrom("z", "é", "中", "😀"), cutting, (size, fill, cuts) => {
        const count = Math.ceil(size / Buffer.byteLength(fill));
        const huge = fill.repeat(count);
        const next = { after: fill };
        const bytes = Buffer.from(`${huge}\n${JSON.stringify(next)}\n`, "utf8");
        const out = readAll(chunksOf(bytes, cuts), MAX);
        expect(framesOf(out)).toEqual([next]);
        expect(logsOf(out)).toEqual([`inbound frame of ${Buffer.byteLength(huge)} bytes exceeds max ${MAX}; dropped`]);
      }),
      { numRuns: 300 },
    );
  });
});

/** A minimal manifest, as TOML text. */
const MANIFEST = `
[plugin]
id = "demo"
version = "1.2.3"
name = "Demo"
description = "Reader property test"

[plugin.entrypoint]
command = "node"
`;

/** What an in-process adapter wrote for one input. */
interface AdapterRun {
  replies: Array<Record<string, unknown>>;
  stderr: string[];
  exitCode: number;
}

/**
 * Runs a PluginAdapter on PassThrough stdio with a tool handler that echoes its args, writes
 * `chunks` to its stdin one by one, ends stdin, and collects stdout and stderr once it stopped.
 */
async function runAdapter(chunks: Buffer[], maxFrameBytes?: number): Promise<AdapterRun> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
  stderr.setEncoding("utf8").on("data", (s: string) => (err += s));
  const seen: number[] = [];
  stdin.on("data", (chunk: Buffer) => seen.push(chunk.length));
  const adapter = new PluginAdapter({
    manifest: MANIFEST,
    stdin,
    stdout,
    stderr,
    handleProcessSignals: false,
    enableStdoutGuard: false,
    ...(maxFrameBytes !== undefined ? { maxFrameBytes } : {}),
  });
  adapter.onTool((invocation) => ({ args: invocation.args }));
  const running = adapter.run();
  for (const chunk of chunks) stdin.write(chunk);
  stdin.end();
  const exitCode = await running;
  // The adapter really saw the chunks as cut (a PassThrough keeps write boundaries).
  expect(seen).toEqual(chunks.map((c) => c.length));
  const lines = out.split("\n");
  expect(lines.pop()).toBe("");
  return { replies: lines.map((l) => JSON.parse(l) as Record<string, unknown>), stderr: err.split("\n").filter((l) => l !== ""), exitCode };
}

function invokeLine(id: number, args: unknown): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method: "tool.invoke", params: { plugin_id: "demo", tool_name: "demo_echo", args } }) + "\n";
}

describe("PluginAdapter in-process: multi-byte UTF-8 cut across chunks", () => {
  it("echoes tool args full of multi-byte characters exactly, however stdin is chunked", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(text(30), { maxLength: 4 }), { minLength: 1, maxLength: 5 }), cutting, async (argSets, cuts) => {
        const bytes = Buffer.from(argSets.map((strings, i) => invokeLine(i + 1, { strings })).join(""), "utf8");
        const run = await runAdapter(chunksOf(bytes, cuts));
        expect(run.exitCode).toBe(0);
        expect(run.replies).toEqual(argSets.map((strings, i) => ({ jsonrpc: "2.0", id: i + 1, result: { args: { strings } } })));
        expect(run.stderr).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("drops each oversize tool.invoke line with one 'max' stderr line and answers every other one, however stdin is chunked", async () => {
    const MAX = 200;
    await fc.assert(
      fc.asyncProperty(fc.array(text(60), { minLength: 1, maxLength: 8 }), cutting, async (strings, cuts) => {
        const lines = strings.map((s, i) => invokeLine(i + 1, s));
        const big = lines.map((l) => Buffer.byteLength(l) - 1 > MAX);
        const run = await runAdapter(chunksOf(Buffer.from(lines.join(""), "utf8"), cuts), MAX);
        expect(run.exitCode).toBe(0);
        const answered = strings.map((s, i) => ({ jsonrpc: "2.0", id: i + 1, result: { args: s } })).filter((_, i) => !big[i]);
        expect(run.replies).toEqual(answered);
        const maxLines = run.stderr.filter((l) => l.includes("max"));
        expect(maxLines).toHaveLength(big.filter(Boolean).length);
        expect(run.stderr).toHaveLength(maxLines.length);
      }),
      { numRuns: 200 },
    );
  });
});
