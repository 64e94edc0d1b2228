/**
 * The development host's readable transcript: one line per frame in either direction, with
 * the time since start, coloured when the output is a terminal.
 */
import type { Writable } from "node:stream";

/** How a line is coloured. */
export type Tone = "in" | "out" | "ok" | "warn" | "error" | "dim" | "plain";

const CODES: Record<Tone, string> = {
  in: "36",
  out: "32",
  ok: "32;1",
  warn: "33",
  error: "31;1",
  dim: "2",
  plain: "",
};

const PREVIEW_CHARS = 110;

/** Whether to colour: a TTY without `NO_COLOR`, or `FORCE_COLOR` set. */
export function shouldColor(stream: Writable & { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["FORCE_COLOR"] !== undefined && env["FORCE_COLOR"] !== "0") return true;
  return stream.isTTY === true;
}

/** Writes transcript lines. */
export class Transcript {
  private readonly started = process.hrtime.bigint();

  constructor(
    private readonly out: Writable,
    private readonly color: boolean,
  ) {}

  /** A frame the host sent to the plugin. */
  sent(label: string, detail?: unknown): void {
    this.frame("→", "in", label, detail);
  }

  /** A frame the plugin sent to the host. */
  received(label: string, detail?: unknown, tone: Tone = "out"): void {
    this.frame("←", tone, label, detail);
  }

  /** A note of the host itself (a check, a pause, a drop). */
  note(text: string, tone: Tone = "dim"): void {
    this.line(`${this.paint("dim", this.elapsed())}   ${this.paint(tone, text)}`);
  }

  /** A line without timing (headings, stderr, the summary). */
  line(text: string): void {
    this.out.write(text + "\n");
  }

  /** `text` in `tone`'s colour when colouring. */
  paint(tone: Tone, text: string): string {
    const code = CODES[tone];
    return this.color && code ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  /** Seconds since the transcript started. */
  seconds(): number {
    return Number(process.hrtime.bigint() - this.started) / 1e9;
  }

  private frame(arrow: string, tone: Tone, label: string, detail: unknown): void {
    const body = detail === undefined ? "" : " " + this.paint("dim", preview(detail));
    this.line(`${this.paint("dim", this.elapsed())} ${this.paint(tone, arrow + " " + label)}${body}`);
  }

  private elapsed(): string {
    return `+${this.seconds().toFixed(3)}s`.padStart(9);
  }
}

/** Compact JSON cut to a readable length. */
export function preview(value: unknown): string {
  const json = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return json.length > PREVIEW_CHARS ? json.slice(0, PREVIEW_CHARS - 1) + "…" : json;
}
