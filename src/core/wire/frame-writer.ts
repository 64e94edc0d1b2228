/**
 * The one path by which frames reach stdout.
 *
 * Frames queued while one callback runs (the dispatch of an input chunk, say, and the microtasks
 * it starts) leave in a single write once it returns, whole and in order, so they can never
 * interleave with each other. Writing after each callback rather than once per turn of the event
 * loop hands each input chunk's answers over at once, as a hand-written plugin does: the
 * handlers awaiting them finish before the next chunk, instead of a whole turn's worth of them
 * (dozens of chunks) staying alive to be copied by the garbage collector. After
 * {@link MAX_WRITES_PER_TURN} such writes with no input in between, one waits for the end of the
 * turn, so a handler publishing in a loop still lets input, timers and signals through; each
 * input chunk starts the count again ({@link FrameWriter.inputArrived}), since under pipelined
 * input a deferred write would collect the answers of every chunk read until the turn ends.
 * When the stream reports backpressure the queue stops being handed over until `drain`: the
 * promises of queued frames stay pending, which slows down whoever awaits them instead of
 * growing the stream's own buffer.
 */
import type { Writable } from "node:stream";
import type { LogSink } from "../log";
import type { RawWrite } from "./stdout-guard";

/** What the owner of a writer is told about. */
export interface FrameWriterHooks {
  /**
   * Called once when the stream fails, so the owner can fail whatever waits on frames that will
   * never reach the host (such as calls whose request was lost).
   */
  readonly onFail?: (error: Error) => void;
  /** Called when the stream starts refusing data and when it drains again. */
  readonly onBackpressure?: () => void;
}

/** Writes handed over straight after a callback before one waits for the end of the turn. */
const MAX_WRITES_PER_TURN = 16;

/** A group of lines handed to the stream in one write; every frame in it shares one promise. */
interface Batch {
  lines: string[];
  promise: Promise<void>;
  resolve: () => void;
}

/** Serialized, coalescing, backpressure-aware writer of newline-terminated frames. */
export class FrameWriter {
  private readonly stream: Writable;
  private readonly rawWrite: RawWrite;
  private readonly log: LogSink;
  private readonly hooks: FrameWriterHooks;
  private batch: Batch | undefined;
  private flushScheduled = false;
  /**
   * Writes scheduled straight after a callback since the last input chunk, or since the last
   * write that waited for the turn's end.
   */
  private writesThisTurn = 0;
  private waitingForDrain = false;
  private failed = false;
  /** Resolves once every write handed to the stream so far has completed. */
  private lastWrite: Promise<void> = Promise.resolve();
  private settleLastWrite: (() => void) | undefined;

  constructor(stream: Writable, rawWrite: RawWrite, log: LogSink, hooks: FrameWriterHooks = {}) {
    this.stream = stream;
    this.rawWrite = rawWrite;
    this.log = log;
    this.hooks = hooks;
    stream.on("error", (error: Error) => this.fail(error));
  }

  /** True while the stream has refused more data and frames wait for its `drain`. */
  get backlogged(): boolean {
    return this.waitingForDrain;
  }

  /** True once the stream has failed (the host closed its end); later frames are discarded. */
  get closed(): boolean {
    return this.failed;
  }

  /**
   * Queues one serialized line (it must end with `\n`). The promise resolves when the line has
   * been handed to the stream; it never rejects, since a closed stdout means the host is gone.
   */
  write(line: string): Promise<void> {
    if (this.failed) return Promise.resolve();
    const batch = this.batch ?? (this.batch = newBatch());
    batch.lines.push(line);
    if (!this.flushScheduled && !this.waitingForDrain) this.scheduleFlush();
    return batch.promise;
  }

  /**
   * Tells the writer a chunk of input arrived, so the writes it causes start a new count toward
   * {@link MAX_WRITES_PER_TURN}. A chunk comes in a callback of its own, or is replayed from
   * the stream's buffer when reading resumes; either way stdin is not read while the writes it
   * causes chain through ticks, so a handler publishing in a loop still reaches the limit.
   */
  inputArrived(): void {
    this.writesThisTurn = 0;
  }

  /** Resolves when everything queued so far has been written out by the stream. */
  async flush(): Promise<void> {
    while (this.batch && !this.failed) await this.batch.promise;
    await this.lastWrite;
  }

  private readonly flushBatch = (): void => {
    this.flushScheduled = false;
    const batch = this.batch;
    if (!batch || this.waitingForDrain) return;
    this.batch = undefined;
    if (this.failed) {
      batch.resolve();
      return;
    }
    const chunk = batch.lines.length === 1 ? batch.lines[0]! : batch.lines.join("");
    let done!: () => void;
    this.lastWrite = new Promise<void>((resolve) => (done = resolve));
    this.settleLastWrite = done;
    let accepted: boolean;
    try {
      accepted = this.rawWrite(chunk, () => done());
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      batch.resolve();
      return;
    }
    batch.resolve();
    if (!accepted) {
      this.waitingForDrain = true;
      this.stream.once("drain", this.onDrain);
      this.hooks.onBackpressure?.();
    }
  };

  private scheduleFlush(): void {
    this.flushScheduled = true;
    if (this.writesThisTurn++ < MAX_WRITES_PER_TURN) {
      process.nextTick(this.flushBatch);
    } else {
      this.writesThisTurn = 0;
      setImmediate(this.flushBatch);
    }
  }

  private readonly onDrain = (): void => {
    this.waitingForDrain = false;
    this.hooks.onBackpressure?.();
    if (this.batch && !this.flushScheduled) this.scheduleFlush();
  };

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.log(`stdout closed, frames from now on are discarded: ${error.message}`);
    this.stream.removeListener("drain", this.onDrain);
    this.waitingForDrain = false;
    this.settleLastWrite?.();
    const pending = this.batch;
    this.batch = undefined;
    pending?.resolve();
    this.hooks.onFail?.(error);
  }
}

function newBatch(): Batch {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { lines: [], promise, resolve };
}
