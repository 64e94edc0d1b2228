/**
 * Counts the handlers that are still running so shutdown can wait for them, without keeping
 * a collection of their promises.
 */
import { describeError, type LogSink } from "../log";

/** Names a run in its failure's log line; a function is called only when that line is written. */
export type Label = string | (() => string);

function labelText(label: Label): string {
  return typeof label === "string" ? label : label();
}

/** Tracks detached handler runs and reports when none is left. */
export class InFlight {
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  /** @param onChange sees the new count whenever a run starts or settles (flow control listens). */
  constructor(
    private readonly log: LogSink,
    private readonly onChange: (running: number) => void = () => undefined,
  ) {}

  /** How many tracked runs have not finished. */
  get count(): number {
    return this.running;
  }

  /**
   * Runs `body` now; if it returns a promise, the run counts as in flight until it settles.
   * A failure, synchronous or not, is logged with `label` and goes no further.
   */
  run(label: Label, body: () => unknown): void {
    let outcome: unknown;
    try {
      outcome = body();
      // Adopting the thenable here keeps a `then` that throws inside this guard.
      if (isThenable(outcome)) this.track(label, Promise.resolve(outcome));
    } catch (error) {
      this.log(`${labelText(label)} failed: ${describeError(error)}`);
    }
  }

  /** Counts an already started asynchronous run until it settles; its failure is logged. */
  track(label: Label, promise: PromiseLike<unknown>): void {
    this.begin();
    promise.then(this.release, (error: unknown) => {
      this.log(`${labelText(label)} failed: ${describeError(error)}`);
      this.release();
    });
  }

  /**
   * Counts a run whose owner reports its end with {@link end}, for owners that already hold a
   * settlement callback of their own and need no promise of it.
   */
  begin(): void {
    this.running++;
    this.onChange(this.running);
  }

  /** Ends a run counted by {@link begin}. */
  end(): void {
    this.release();
  }

  /** Resolves once no tracked run is left. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private readonly release = (): void => {
    this.running--;
    this.onChange(this.running);
    if (this.running === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };
}

/** True for anything with a callable `then`, as `await` would treat it. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
