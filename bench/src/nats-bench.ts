/**
 * `npm run bench:nats`: events/s and publishes/s through NATS against the stdio bridge, in the
 * same run, with the raw `@nats-io/transport-node` client (no SDK) as the ceiling; then the
 * start-up time and RSS of the same plugin in stdio mode and in NATS mode. Rounds alternate
 * the three; medians are reported. Needs `nats-server` on PATH; it talks to it on loopback only.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { NatsConnection } from "@nats-io/nats-core/lib/core";
import { startLocalNats } from "./nats/local-server";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const nats = require("@nats-io/transport-node") as { connect(options: Record<string, unknown>): Promise<NatsConnection> };

const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const EVENTS = Number(process.env["BENCH_EVENTS"] ?? 100_000);
const PUBLISHES = Number(process.env["BENCH_PUBLISHES"] ?? 100_000);
const STARTUP_SPAWNS = Number(process.env["BENCH_SPAWNS"] ?? 15);
const PLUGIN = path.join(__dirname, "nats", "echo-plugin.js");
const RAW = path.join(__dirname, "nats", "raw-client.js");

type Mode = "stdio bridge" | "NATS (SDK)" | "NATS raw client (ceiling)";
const MODES: Mode[] = ["stdio bridge", "NATS (SDK)", "NATS raw client (ceiling)"];

/** One child under measurement, its stdout split in lines. */
class Child {
  readonly process: ChildProcessWithoutNullStreams;
  onLine: (line: string) => void = () => undefined;
  private rest = "";
  readonly stderr: string[] = [];

  constructor(script: string, args: string[], env: NodeJS.ProcessEnv) {
    this.process = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env } });
    this.process.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (this.rest + chunk).split("\n");
      this.rest = lines.pop()!;
      for (const line of lines) this.onLine(line);
    });
    this.process.stderr.setEncoding("utf8").on("data", (chunk: string) => this.stderr.push(chunk));
    this.process.stdin.on("error", () => undefined);
  }

  async write(text: string): Promise<void> {
    if (!this.process.stdin.write(text)) await new Promise((resolve) => this.process.stdin.once("drain", resolve));
  }

  async waitForStderr(text: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stderr.join("").includes(text)) {
      if (Date.now() > deadline) throw new Error(`bench: no "${text}" on stderr: ${this.stderr.join("")}`);
      await sleep(5);
    }
  }

  rssKb(field: "VmRSS" | "VmHWM"): number {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${this.process.pid}/status`, "utf8"));
    return match ? Number(match[1]) : NaN;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.stdin.end();
    setTimeout(() => this.process.kill("SIGKILL"), 5000).unref();
    await exited;
  }
}

const eventJson = (topic: string, i: number, total: number): string =>
  `{"id":"0194b3a2-0000-4000-8000-000000000000","timestamp":"2026-05-01T00:00:00Z","topic":"${topic}",` +
  `"source":"agent.bench","session_id":null,"payload":{"i":${i},"total":${total}}}`;

/** Starts the plugin (or the raw client) for `mode` and resolves once it takes traffic. */
async function start(mode: Mode, url: string): Promise<Child> {
  if (mode === "NATS raw client (ceiling)") {
    const child = new Child(RAW, [url], {});
    await new Promise<void>((resolve) => (child.onLine = (line) => line === "ready" && resolve()));
    return child;
  }
  const child = new Child(PLUGIN, [], mode === "stdio bridge" ? { NEXO_BROKER_KIND: "stdio_bridge" } : { NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: url });
  if (mode === "NATS (SDK)") await child.waitForStderr("broker traffic on NATS");
  return child;
}

/** Events delivered to the plugin per second: from the first sent to the plugin's `done`. */
async function eventsPerSec(mode: Mode, child: Child, peer: NatsConnection): Promise<number> {
  const startedAt = process.hrtime.bigint();
  if (mode === "stdio bridge") {
    const done = new Promise<void>((resolve) => (child.onLine = (line) => line.includes("plugin.inbound.bench.done") && resolve()));
    for (let i = 0; i < EVENTS; i++) {
      await child.write(`{"jsonrpc":"2.0","method":"broker.event","params":{"topic":"plugin.outbound.bench","event":${eventJson("plugin.outbound.bench", i, EVENTS)}}}\n`);
    }
    await done;
  } else {
    const done = new Promise<void>((resolve) => peer.subscribe("plugin.inbound.bench.done", { max: 1, callback: () => resolve() }));
    await peer.flush();
    for (let i = 0; i < EVENTS; i++) peer.publish("plugin.outbound.bench", eventJson("plugin.outbound.bench", i, EVENTS));
    await done;
  }
  return EVENTS / (Number(process.hrtime.bigint() - startedAt) / 1e9);
}

/** Publishes made by the plugin per second: from the request to the last one received. */
async function publishesPerSec(mode: Mode, child: Child, peer: NatsConnection): Promise<number> {
  let received = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  if (mode === "stdio bridge") {
    child.onLine = (line) => {
      if (line.includes('"broker.publish"') && ++received === PUBLISHES) finish();
    };
  } else {
    peer.subscribe("plugin.inbound.bench", {
      max: PUBLISHES,
      callback: () => {
        if (++received === PUBLISHES) finish();
      },
    });
    await peer.flush();
  }
  const startedAt = process.hrtime.bigint();
  if (mode === "NATS raw client (ceiling)") await child.write(`publish ${PUBLISHES}\n`);
  else await child.write(`{"jsonrpc":"2.0","id":1,"method":"tool.invoke","params":{"plugin_id":"bench","tool_name":"bench_publish","args":{"count":${PUBLISHES}}}}\n`);
  await done;
  return PUBLISHES / (Number(process.hrtime.bigint() - startedAt) / 1e9);
}

/** Spawn to `initialize` reply, and RSS then, for the SDK plugin in `kind` mode. */
async function startup(env: NodeJS.ProcessEnv): Promise<{ ms: number; rssMb: number }> {
  const startedAt = process.hrtime.bigint();
  const child = new Child(PLUGIN, [], env);
  const replied = new Promise<void>((resolve) => (child.onLine = (line) => line.includes('"id":1') && resolve()));
  await child.write(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"nexo_version":"0.1.0"}}\n`);
  await replied;
  const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
  // RSS once the plugin is up: in NATS mode, after its connection and subscriptions are made.
  if (env["NEXO_BROKER_KIND"] === "nats") await child.waitForStderr("broker traffic on NATS");
  const rssMb = child.rssKb("VmRSS") / 1024;
  await child.stop();
  return { ms, rssMb };
}

async function main(): Promise<void> {
  const server = await startLocalNats();
  const peer = await nats.connect({ servers: server.url.replace(/^nats:\/\//, ""), noEcho: true });
  const results = new Map<Mode, { events: number[]; publishes: number[] }>(MODES.map((m) => [m, { events: [], publishes: [] }]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(k + round) % MODES.length]!;
        process.stderr.write(`round ${round + 1}/${ROUNDS}: ${mode}\n`);
        const child = await start(mode, server.url);
        results.get(mode)!.events.push(await eventsPerSec(mode, child, peer));
        results.get(mode)!.publishes.push(await publishesPerSec(mode, child, peer));
        await child.stop();
      }
    }
    const startups = { stdio: [] as Array<{ ms: number; rssMb: number }>, nats: [] as Array<{ ms: number; rssMb: number }> };
    for (let i = 0; i < STARTUP_SPAWNS; i++) {
      startups.stdio.push(await startup({ NEXO_BROKER_KIND: "stdio_bridge" }));
      startups.nats.push(await startup({ NEXO_BROKER_KIND: "nats", NEXO_BROKER_URL: server.url }));
    }
    report(results, startups);
  } finally {
    await peer.close();
    await server.stop();
  }
}

function report(results: Map<Mode, { events: number[]; publishes: number[] }>, startups: Record<"stdio" | "nats", Array<{ ms: number; rssMb: number }>>): void {
  const ceiling = results.get("NATS raw client (ceiling)")!;
  const lines = [
    `NATS benchmark: ${EVENTS} events, ${PUBLISHES} publishes, ${ROUNDS} rounds (medians), node ${process.version}`,
    "",
    `${"transport".padEnd(28)}${"events/s".padStart(12)}${"vs ceiling".padStart(12)}${"publishes/s".padStart(14)}${"vs ceiling".padStart(12)}`,
  ];
  for (const mode of MODES) {
    const { events, publishes } = results.get(mode)!;
    const e = median(events);
    const p = median(publishes);
    lines.push(
      `${mode.padEnd(28)}${fmt(e).padStart(12)}${pct(e, median(ceiling.events)).padStart(12)}${fmt(p).padStart(14)}${pct(p, median(ceiling.publishes)).padStart(12)}`,
    );
  }
  lines.push("", `start-up to the initialize reply, ${STARTUP_SPAWNS} spawns (medians):`);
  for (const kind of ["stdio", "nats"] as const) {
    lines.push(`  ${kind.padEnd(6)} ${median(startups[kind].map((s) => s.ms)).toFixed(1)} ms, RSS ${median(startups[kind].map((s) => s.rssMb)).toFixed(1)} MB`);
  }
  process.stdout.write(lines.join("\n") + "\n");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const pct = (n: number, of: number): string => `${Math.round((100 * n) / of)}%`;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:nats: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
