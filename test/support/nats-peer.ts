/**
 * The daemon's side of NATS in the tests: a raw `@nats-io/transport-node` client that publishes
 * events, records what arrives on a subject, and answers or sends requests.
 */
import type { Msg, NatsConnection } from "@nats-io/nats-core/lib/core";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nats = require("@nats-io/transport-node") as { connect(options: Record<string, unknown>): Promise<NatsConnection> };

/** One message received on a recorded subject. */
export interface Received {
  readonly subject: string;
  /** The body exactly as it arrived. */
  readonly text: string;
  /** The body parsed as JSON. */
  readonly json: Record<string, unknown>;
}

/** A NATS client for a test, closed by {@link close}. */
export class NatsPeer {
  private constructor(readonly connection: NatsConnection) {}

  /** Connects to `url`; with `reconnect`, it comes back quickly after a server restart. */
  static async connect(url: string, options: { reconnect?: boolean } = {}): Promise<NatsPeer> {
    const connection = await nats.connect({
      servers: url.replace(/^nats:\/\//, ""),
      reconnect: options.reconnect ?? false,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 50,
      reconnectJitter: 0,
    });
    return new NatsPeer(connection);
  }

  /** Records every message on `subject` (wildcards allowed) from now on; resolves once the server has the subscription. */
  async record(subject: string): Promise<Recording> {
    const recording = new Recording();
    this.connection.subscribe(subject, { callback: (_error, msg) => void recording.add(msg) });
    await this.connection.flush();
    return recording;
  }

  /** Answers requests on `subject` with whatever `answer` returns (a string is sent as is, anything else as JSON). */
  async answer(subject: string, answer: (request: Received) => unknown): Promise<Recording> {
    const recording = new Recording();
    this.connection.subscribe(subject, {
      callback: (_error, msg) => {
        const request = recording.add(msg);
        const reply = answer(request);
        if (reply !== undefined) msg.respond(typeof reply === "string" ? reply : JSON.stringify(reply));
      },
    });
    await this.connection.flush();
    return recording;
  }

  /** Publishes a body (a string as is, anything else as JSON) and waits until the server has it. */
  async publish(subject: string, body: unknown): Promise<void> {
    this.connection.publish(subject, typeof body === "string" ? body : JSON.stringify(body));
    await this.connection.flush();
  }

  /** Sends a request and resolves with the reply. */
  async request(subject: string, body: unknown, timeoutMs = 5000): Promise<Received> {
    const msg = await this.connection.request(subject, typeof body === "string" ? body : JSON.stringify(body), { timeout: timeoutMs });
    return toReceived(msg);
  }

  /** Resolves once the client is connected to a server again after a restart. */
  async reconnected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.connection.flush();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  }

  /** Closes the client. */
  close(): Promise<void> {
    return this.connection.close();
  }
}

/** The messages received on one subscription, in order. */
export class Recording {
  readonly messages: Received[] = [];
  private waiters: Array<() => void> = [];

  /** Records one message. */
  add(msg: Msg): Received {
    const received = toReceived(msg);
    this.messages.push(received);
    for (const wake of this.waiters.splice(0)) wake();
    return received;
  }

  /** Resolves once `count` messages matching `predicate` arrived, or rejects after `timeoutMs` saying how many did. */
  async waitFor(count: number, predicate: (message: Received) => boolean = () => true, timeoutMs = 5000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.messages.filter(predicate);
      if (matching.length >= count) return matching;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`expected ${count} messages, got ${matching.length}: ${JSON.stringify(this.messages.slice(-5).map((m) => m.text))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

function toReceived(msg: Msg): Received {
  const text = msg.string();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = {};
  }
  return { subject: msg.subject, text, json };
}
