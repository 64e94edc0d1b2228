/**
 * The SDK's own bounded buffer of NATS publishes. The official client clears its outbound
 * buffer on every reconnect attempt, and a write the socket accepted may still die with the
 * server, so a publish is kept until a PING/PONG round trip after it proves the server read
 * it. Publishes made while disconnected wait here, up to a bound, and everything not yet
 * confirmed is sent again, in order, once connected: delivery is at least once.
 */
import { BrokerBufferFullError } from "./broker-errors";

/** What the outbox needs from a live connection. */
export interface OutboxConnection {
  /** Hands one message to the client. */
  publish(subject: string, data: Uint8Array): void;
  /** Resolves once the server has processed everything handed over before it (a PING/PONG). */
  flush(): Promise<void>;
  /** Changes whenever the client is on another socket than before (the server's INFO of that socket). */
  identity(): unknown;
}

interface Retained {
  readonly subject: string;
  readonly data: Uint8Array;
}

const RESOLVED = Promise.resolve();

/** Publishes on their way to NATS, until confirmed. */
export class NatsOutbox {
  private connection: OutboxConnection | undefined;
  private unsent: Retained[] = [];
  private unconfirmed: Retained[] = [];
  private retainedBytes = 0;
  /** Bumped on every connect and disconnect, so a round trip begun before one confirms nothing. */
  private epoch = 0;
  private flushing = false;
  private flushAgain = false;
  private refusal: ((subject: string) => Error) | undefined;
  private waiters: Array<() => void> = [];

  /** @param limitBytes bound of the retained publishes (unsent and unconfirmed), in bytes. */
  constructor(private readonly limitBytes: number) {}

  /** Publishes waiting for a connection. */
  get unsentCount(): number {
    return this.unsent.length;
  }

  /** Publishes not yet confirmed by the server, sent or not. */
  get retainedCount(): number {
    return this.unsent.length + this.unconfirmed.length;
  }

  /**
   * Takes one publish. Resolves once it is handed to the client or, while disconnected, kept
   * here; while connected and past the bound, only once the server has confirmed some, which
   * paces a producer faster than the server.
   */
  publish(subject: string, data: Uint8Array): Promise<void> {
    if (this.refusal) return Promise.reject(this.refusal(subject));
    const entry: Retained = { subject, data };
    if (this.connection === undefined) {
      if (this.retainedBytes + data.length > this.limitBytes) return Promise.reject(new BrokerBufferFullError(subject, this.limitBytes));
      this.unsent.push(entry);
      this.retainedBytes += data.length;
      return RESOLVED;
    }
    this.retainedBytes += data.length;
    this.hand(this.connection, entry);
    return this.retainedBytes > this.limitBytes ? this.nextChange() : RESOLVED;
  }

  /** The client is connected, first or again: what waited is sent, oldest first. Returns how many. */
  connected(connection: OutboxConnection): number {
    this.connection = connection;
    this.epoch++;
    const waiting = this.unsent;
    this.unsent = [];
    for (const entry of waiting) this.hand(connection, entry);
    this.wake();
    return waiting.length;
  }

  /** The connection dropped: whatever the server did not confirm is sent again on the next one. */
  disconnected(): void {
    this.connection = undefined;
    this.epoch++;
    this.unsent = this.unconfirmed.concat(this.unsent);
    this.unconfirmed = [];
    this.wake();
  }

  /**
   * From now on publishes are refused with `refusal`'s error. Returns how many publishes were
   * still waiting for a connection and are given up (those already handed to the client stay
   * with it).
   */
  refuse(refusal: (subject: string) => Error): number {
    this.refusal = refusal;
    const lost = this.unsent.length;
    this.unsent = [];
    this.unconfirmed = [];
    this.retainedBytes = 0;
    this.wake();
    return lost;
  }

  /** Resolves true once nothing waits for a connection, or false after `timeoutMs`. */
  async handedWithin(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.unsent.length > 0 || this.connection === undefined) {
      const left = deadline - Date.now();
      if (left <= 0 || this.refusal) return this.unsent.length === 0 && this.connection !== undefined;
      await Promise.race([this.nextChange(), sleep(left)]);
    }
    return true;
  }

  private hand(connection: OutboxConnection, entry: Retained): void {
    connection.publish(entry.subject, entry.data);
    this.unconfirmed.push(entry);
    this.confirmSoon(connection);
  }

  /** One round trip at a time; publishes made meanwhile are confirmed by the next one. */
  private confirmSoon(connection: OutboxConnection): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    const epoch = this.epoch;
    const identity = connection.identity();
    const covered = this.unconfirmed.length;
    connection.flush().then(
      () => {
        // A PONG from another socket than the PING's says nothing about what the old one lost.
        if (epoch === this.epoch && identity !== undefined && identity === connection.identity()) this.confirm(covered);
        this.flushDone();
      },
      () => this.flushDone(),
    );
  }

  private confirm(count: number): void {
    const confirmed = this.unconfirmed.splice(0, count);
    for (const entry of confirmed) this.retainedBytes -= entry.data.length;
    this.wake();
  }

  private flushDone(): void {
    this.flushing = false;
    if (this.flushAgain && this.connection !== undefined) {
      this.flushAgain = false;
      this.confirmSoon(this.connection);
    } else if (this.unconfirmed.length > 0 && this.connection !== undefined) {
      this.confirmSoon(this.connection);
    }
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
