/**
 * Turns the bytes arriving on stdin into JSON objects, one per `\n`-terminated line.
 *
 * The size cap is enforced while a line is still arriving: once the bytes buffered for an
 * unfinished line pass the cap, they are released and the rest of that line is skipped as it
 * streams in, so a line that never ends costs at most the cap in memory.
 */
import { StringDecoder } from "node:string_decoder";
import { describeError, type LogSink } from "../log";
import { isJsonObject } from "./wire";

/** What the reader needs from its owner. */
export interface FrameReaderOptions {
  /** Largest accepted line, in UTF-8 bytes without the newline. */
  readonly maxFrameBytes: number;
  /** Receives every well-formed JSON object, in arrival order. */
  readonly onFrame: (frame: Record<string, unknown>) => void;
  /** Receives one message per dropped line. */
  readonly log: LogSink;
}

/** Longest excerpt of a malformed line quoted in its log message. */
const EXCERPT_CHARS = 80;

/** Incremental newline-delimited JSON decoder with a streaming size cap. */
export class FrameReader {
  private readonly decoder = new StringDecoder("utf8");
  private readonly maxFrameBytes: number;
  private readonly onFrame: FrameReaderOptions["onFrame"];
  private readonly log: LogSink;
  /** Text of the unfinished line. */
  private partial = "";
  /** Bytes of the oversize line being skipped; -1 while not skipping. */
  private skippedBytes = -1;

  constructor(options: FrameReaderOptions) {
    this.maxFrameBytes = options.maxFrameBytes;
    this.onFrame = options.onFrame;
    this.log = options.log;
  }

  /** Feeds the next chunk; complete lines are dispatched before this returns. */
  push(chunk: Buffer | string): void {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      if (newline === -1) {
        this.keepPartial(text, start);
        return;
      }
      this.finishLine(text, start, newline);
      start = newline + 1;
    }
  }

  /** Signals end of input: a last line without a newline is still read. */
  end(): void {
    const rest = this.decoder.end();
    if (rest) this.push(rest);
    if (this.skippedBytes >= 0) {
      this.reportOversize(this.skippedBytes);
    } else if (this.partial) {
      const line = this.partial;
      this.partial = "";
      this.acceptLine(line);
    }
    this.skippedBytes = -1;
  }

  private keepPartial(text: string, start: number): void {
    if (start === text.length) return;
    if (this.skippedBytes >= 0) {
      this.skippedBytes += Buffer.byteLength(start === 0 ? text : text.slice(start));
      return;
    }
    this.partial = this.partial ? this.partial + text.slice(start) : text.slice(start);
    if (exceeds(this.partial, this.maxFrameBytes)) {
      this.skippedBytes = Buffer.byteLength(this.partial);
      this.partial = "";
    }
  }

  private finishLine(text: string, start: number, end: number): void {
    if (this.skippedBytes >= 0) {
      const total = this.skippedBytes + Buffer.byteLength(text.slice(start, end));
      this.skippedBytes = -1;
      this.reportOversize(total);
      return;
    }
    let line = text.slice(start, end);
    if (this.partial) {
      line = this.partial + line;
      this.partial = "";
    }
    if (exceeds(line, this.maxFrameBytes)) {
      this.reportOversize(Buffer.byteLength(line));
      return;
    }
    this.acceptLine(line);
  }

  private acceptLine(line: string): void {
    if (isBlank(line)) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.log(`malformed frame dropped (${reason}): ${excerpt(line)}`);
      return;
    }
    if (!isJsonObject(value)) {
      this.log(`non-object frame dropped (${describeJsonKind(value)}): ${excerpt(line)}`);
      return;
    }
    try {
      this.onFrame(value);
    } catch (error) {
      // The reader runs inside the stdin listener: nothing may escape it and end the process.
      this.log(`frame dropped, dispatch failed: ${describeError(error)}`);
    }
  }

  private reportOversize(bytes: number): void {
    this.log(`inbound frame of ${bytes} bytes exceeds max ${this.maxFrameBytes}; dropped`);
  }
}

/**
 * Whether a line's UTF-8 size is over the cap. A UTF-16 code unit takes one to three UTF-8
 * bytes, so the exact byte count is only needed when the length alone cannot decide.
 */
function exceeds(line: string, maxBytes: number): boolean {
  if (line.length > maxBytes) return true;
  if (line.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(line) > maxBytes;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function excerpt(line: string): string {
  return line.length > EXCERPT_CHARS ? JSON.stringify(line.slice(0, EXCERPT_CHARS)) + "..." : JSON.stringify(line);
}

function describeJsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
