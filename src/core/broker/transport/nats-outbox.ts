/**
 * The SDK's own bounded buffer of NATS publishes. The official client clears its outbound
 * buffer on every reconnect attempt, and a write the socket accepted may still die with the
 * server, so a publish is kept until a PING/PONG round trip after it proves the server read
 * it. Publishes made while disconnected wait here, up to a bound, and everything not yet
 * confirmed is sent again, in order, once connected: delivery is at least once.
 *
 * Publishes are handed to the client in batches, once per turn of the event loop: the client
 * writes to its socket at the end of each microtask burst, so a producer that awaits each
 * publish would otherwise cost one socket write per message.
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
  private handOverScheduled = false;
  private waiters: Array<() => void> = [];

  /**
   * @param limitBytes bound of the retained publishes (unsent and unconfirmed), in bytes.
   * @param onRefused sees every refused publish, to say so on stderr.
   */
  constructor(
    private readonly limitBytes: number,
    private readonly onRefused: (error: Error) => void,
  ) {}

  /** Publishes not yet handed to the client (waiting for a connection, or for the next batch). */
  get unsentCount(): number {
    return this.unsent.length;
  }

  /** Publishes not yet confirmed by the server, sent or not. */
  get retainedCount(): number {
    return this.unsent.length + this.unconfirmed.length;
  }

  /**
   * Takes one publish. Resolves once it is kept here (handed to the client within this turn of
   * the event loop when connected); while connected and past the bound, only once the server
   * has confirmed some, which paces a producer faster than the server.
   *
   * @throws BrokerBufferFullError (as a rejection) while disconnected with the bound reached.
   */
  publish(subject: string, data: Uint8Array): Promise<void> {
    if (this.refusal) return this.refused(this.refusal(subject));
    const connected = this.connection !== undefined;
    if (!connected && this.retainedBytes + data.length > this.limitBytes) {
      return this.refused(new BrokerBufferFullError(subject, this.limitBytes));
    }
    this.unsent.push({ subject, data });
    this.retainedBytes += data.length;
    if (!connected) return RESOLVED;
    this.scheduleHandOver();
    return this.retainedBytes > this.limitBytes ? this.paced() : RESOLVED;
  }

  /** The client is connected, first or again: what waited is sent, oldest first. Returns how many. */
  connected(connection: OutboxConnection): number {
    this.connection = connection;
    this.epoch++;
    const waiting = this.unsent.length;
    this.handOver();
    return waiting;
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

  /**
   * A rejection for whoever awaits the publish, marked handled: a `void publish()` must not
   * become an unhandled rejection that ends the process, and `onRefused` reports it instead.
   */
  private refused(error: Error): Promise<void> {
    this.onRefused(error);
    const rejection = Promise.reject(error);
    rejection.catch(() => undefined);
    return rejection;
  }

  private scheduleHandOver(): void {
    if (this.handOverScheduled) return;
    this.handOverScheduled = true;
    setImmediate(() => {
      this.handOverScheduled = false;
      this.handOver();
    });
  }

  /** Hands every unsent publish to the client, in order, and asks the server to confirm them. */
  private handOver(): void {
    const connection = this.connection;
    if (connection === undefined || this.unsent.length === 0) return;
    const batch = this.unsent;
    this.unsent = [];
    for (const entry of batch) {
      connection.publish(entry.subject, entry.data);
      this.unconfirmed.push(entry);
    }
    this.confirmSoon(connection);
    this.wake();
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

  /** Waits until the server's confirmations bring what is kept back under the bound (or the connection goes). */
  private async paced(): Promise<void> {
    while (this.retainedBytes > this.limitBytes && this.connection !== undefined && this.refusal === undefined) await this.nextChange();
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
