/**
 * The NATS benchmark's ceiling: the same work as echo-plugin.ts done with the raw
 * `@nats-io/transport-node` client and no SDK. Prints `ready` once subscribed; reads
 * `publish <count>` lines on stdin and publishes that many event bodies.
 */
import type { NatsConnection } from "@nats-io/nats-core/lib/core";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nats = require("@nats-io/transport-node") as { connect(options: Record<string, unknown>): Promise<NatsConnection> };

function body(topic: string, payload: unknown): string {
  return JSON.stringify({ id: randomUUID(), timestamp: new Date().toISOString(), topic, source: "bench", session_id: null, payload });
}

async function main(): Promise<void> {
  const url = process.argv[2]!;
  const connection = await nats.connect({ servers: url.replace(/^nats:\/\//, ""), noEcho: true });
  let seen = 0;
  connection.subscribe("plugin.outbound.bench", {
    callback: (_error, msg) => {
      seen++;
      const total = (JSON.parse(msg.string()) as { payload: { total: number } }).payload.total;
      if (seen !== total) return;
      seen = 0;
      connection.publish("plugin.inbound.bench.done", body("plugin.inbound.bench.done", { count: total }));
    },
  });
  await connection.flush();
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    const count = Number(line.split(" ")[1]);
    for (let i = 0; i < count; i++) connection.publish("plugin.inbound.bench", body("plugin.inbound.bench", { i }));
  }
  await connection.drain();
}

void main();
