/**
 * Loading the official NATS client and making the first connection: retried with backoff
 * within a bound, since the plugin may start before the server is up. Later drops are the
 * client's own reconnect loop, paced like the daemon's (250 ms doubling to 10 s).
 */
import type { NatsConnection } from "@nats-io/nats-core/lib/core";
import { reasonOf } from "../../log";
import type { NatsTarget } from "./nats-url";

/** The client's settings that outlive the first connect. */
export interface NatsClient {
  /** The connection is back: the next drop starts the reconnect backoff anew. */
  reconnected(): void;
}

/** A connection, or why there is none. */
export type FirstConnect = { readonly connection: NatsConnection; readonly client: NatsClient } | { readonly problem: string };

/** First-connect retries: the first waits this long, each next one twice as long, up to the cap. */
const FIRST_RETRY_MS = 250;
const RETRY_CAP_MS = 2000;
/** Longest wait of one connect attempt for the server's answer. */
const ATTEMPT_TIMEOUT_MS = 5000;

/** Connects to `target`, retrying until `withinMs` have passed or `signal` aborts. */
export async function connectFirst(target: NatsTarget, withinMs: number, name: string, signal: AbortSignal): Promise<FirstConnect> {
  let nats: typeof import("@nats-io/transport-node");
  try {
    // Loaded here, not at start-up: a plugin on the stdio bridge never pays for the client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    nats = require("@nats-io/transport-node") as typeof import("@nats-io/transport-node");
  } catch (error) {
    return { problem: `NATS mode needs the package @nats-io/transport-node, which cannot be loaded: ${reasonOf(error)}` };
  }
  const pacing = new ReconnectPacing();
  const startedAt = Date.now();
  let attempts = 0;
  let lastError: unknown;
  while (!signal.aborted) {
    attempts++;
    const left = withinMs - (Date.now() - startedAt);
    try {
      const connection = await nats.connect({
        servers: target.server,
        user: target.user,
        pass: target.pass,
        token: target.token,
        name,
        // A plugin subscribed to a wide pattern must not receive its own publishes back.
        noEcho: true,
        reconnect: true,
        maxReconnectAttempts: -1,
        reconnectDelayHandler: pacing.delay,
        timeout: Math.max(100, Math.min(left, ATTEMPT_TIMEOUT_MS)),
      });
      pacing.reconnected();
      return { connection, client: pacing };
    } catch (error) {
      lastError = error;
    }
    const wait = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), RETRY_CAP_MS, withinMs - (Date.now() - startedAt));
    if (wait <= 0) break;
    await sleep(wait, signal);
  }
  const elapsed = Date.now() - startedAt;
  return {
    problem: `NATS at ${target.shown} unreachable after ${attempts} attempt(s) in ${elapsed} ms: ${reasonOf(lastError ?? "connect aborted")}`,
  };
}

/**
 * The reconnect delay, by time since the connection dropped: 250 ms during the first second,
 * then 500 ms, 1 s, 2 s, 4 s, and 10 s from half a minute on. The client asks for it on every
 * turn of its loop, not once per attempt, so it depends on the time, never on a call count.
 */
class ReconnectPacing implements NatsClient {
  private droppedAt: number | undefined;

  readonly delay = (): number => {
    const now = Date.now();
    this.droppedAt ??= now;
    const down = now - this.droppedAt;
    if (down < 1000) return 250;
    if (down < 3000) return 500;
    if (down < 7000) return 1000;
    if (down < 15_000) return 2000;
    if (down < 31_000) return 4000;
    return 10_000;
  };

  reconnected(): void {
    this.droppedAt = undefined;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
