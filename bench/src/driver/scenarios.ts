/**
 * The measurements, each checking every answer it counts: a wrong, missing or reordered frame
 * fails the run instead of flattering it.
 */
import { eventFrameFactory, PluginProcess, request } from "./plugin-process";

/** A plugin to measure. */
export interface PluginUnderTest {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

/** Sizes of one round. */
export interface Workload {
  readonly events: number;
  readonly payloadEvents: number;
  readonly payloadBytes: number;
  readonly sequentialCalls: number;
  readonly pipelinedCalls: number;
}

/** What one round measured for one plugin. */
export interface RoundResult {
  eventsPerSec: number;
  payloadMBPerSec: number;
  toolP50Us: number;
  toolP99Us: number;
  pipelinedCallsPerSec: number;
  peakRssMb: number;
  shutdownMs: number;
}

const WRITE_BATCH = 256;

/** Milliseconds from spawn to the `initialize` reply, for one fresh process. */
export async function measureStartup(plugin: PluginUnderTest): Promise<number> {
  const started = process.hrtime.bigint();
  const proc = new PluginProcess(plugin.command, plugin.args);
  const reply = proc.waitForLine((line) => line.includes('"id":1'));
  await proc.write(request(1, "initialize", { nexo_version: "0.1.0" }));
  await reply;
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await stop(proc);
  return ms;
}

/** Milliseconds for a process that does nothing (`node -e 0`), the floor of any start-up. */
export async function measureBareNode(): Promise<number> {
  const started = process.hrtime.bigint();
  const proc = new PluginProcess(process.execPath, ["-e", "0"]);
  await proc.exited;
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** One round of throughput, latency, memory and shutdown against one fresh process. */
export async function measureRound(plugin: PluginUnderTest, work: Workload): Promise<RoundResult> {
  const proc = new PluginProcess(plugin.command, plugin.args);
  const init = proc.waitForLine((line) => line.includes('"id":1'));
  await proc.write(request(1, "initialize", {}));
  await init;
  const eventsPerSec = await echoEvents(proc, work.events, null);
  const payload = "x".repeat(work.payloadBytes);
  const payloadRate = await echoEvents(proc, work.payloadEvents, payload);
  const latencies = await sequentialCalls(proc, work.sequentialCalls);
  const pipelined = await pipelinedCalls(proc, work.pipelinedCalls);
  const peakRssMb = proc.peakRssKb() / 1024;
  const shutdownMs = await stop(proc);
  return {
    eventsPerSec,
    payloadMBPerSec: (payloadRate * work.payloadBytes) / (1024 * 1024),
    toolP50Us: percentile(latencies, 0.5),
    toolP99Us: percentile(latencies, 0.99),
    pipelinedCallsPerSec: pipelined,
    peakRssMb,
    shutdownMs,
  };
}

/**
 * Sends `count` events as fast as the pipe takes them; resolves with echoed events per second.
 * Each publish is checked without a full parse (the driver must not be the bottleneck): it must
 * be a `broker.publish` carrying an id, a timestamp, the next sequence number and, for payload
 * runs, the whole payload.
 */
async function echoEvents(proc: PluginProcess, count: number, data: string | null): Promise<number> {
  const frame = eventFrameFactory(data);
  let expected = 0;
  let failure: Error | undefined;
  const done = new Promise<void>((resolve) => {
    proc.onLine = (line) => {
      if (!checkPublish(line, expected, data)) failure ??= new Error(`event echo: expected publish of seq ${expected}, got ${line.slice(0, 200)}`);
      if (++expected === count) resolve();
    };
  });
  const started = process.hrtime.bigint();
  for (let seq = 0; seq < count; ) {
    let chunk = "";
    for (const end = Math.min(count, seq + WRITE_BATCH); seq < end; seq++) chunk += frame(seq);
    await proc.write(chunk);
  }
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failure) throw failure;
  return count / seconds;
}

const PUBLISH_PREFIX = '{"jsonrpc":"2.0","method":"broker.publish","params":{"topic":"plugin.inbound.bench","event":{';

function checkPublish(line: string, seq: number, data: string | null): boolean {
  if (!line.startsWith(PUBLISH_PREFIX) || !line.includes('"id":"') || !line.includes('"timestamp":"')) return false;
  const at = line.indexOf('"seq":');
  if (at === -1 || !line.startsWith(String(seq), at + 6)) return false;
  const next = line.charCodeAt(at + 6 + String(seq).length);
  if (next >= 48 && next <= 57) return false;
  return data === null || line.includes(data);
}

/** One tool call at a time; resolves with each round trip in microseconds. */
async function sequentialCalls(proc: PluginProcess, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = 1_000_000 + i;
    const reply = proc.waitForLine(() => true);
    const started = process.hrtime.bigint();
    await proc.write(request(id, "tool.invoke", { plugin_id: "bench", tool_name: "bench_echo", args: { n: i }, agent_id: "a" }));
    const line = await reply;
    latencies.push(Number(process.hrtime.bigint() - started) / 1e3);
    const frame = JSON.parse(line);
    if (frame.id !== id || frame.result?.n !== i) throw new Error(`sequential call ${i}: wrong reply ${line.slice(0, 160)}`);
  }
  return latencies;
}

/** Writes `count` tool calls without waiting; resolves with answered calls per second. */
async function pipelinedCalls(proc: PluginProcess, count: number): Promise<number> {
  const base = 2_000_000;
  const answered = new Uint8Array(count);
  let received = 0;
  let failure: Error | undefined;
  const done = new Promise<void>((resolve) => {
    proc.onLine = (line) => {
      const match = /^\{"jsonrpc":"2\.0","id":(\d+),"result":\{"n":(\d+)\}\}$/.exec(line);
      const index = match ? Number(match[1]) - base : -1;
      if (!(index >= 0 && index < count) || answered[index] || Number(match![2]) !== index) {
        failure ??= new Error(`pipelined calls: unexpected reply ${line.slice(0, 160)}`);
      } else {
        answered[index] = 1;
      }
      if (++received === count) resolve();
    };
  });
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; ) {
    let chunk = "";
    for (const end = Math.min(count, i + WRITE_BATCH); i < end; i++) {
      chunk += request(base + i, "tool.invoke", { plugin_id: "bench", tool_name: "bench_echo", args: { n: i }, agent_id: "a" });
    }
    await proc.write(chunk);
  }
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (failure) throw failure;
  return count / seconds;
}

/** Sends `shutdown`; resolves with milliseconds until the ack and a clean exit. */
async function stop(proc: PluginProcess): Promise<number> {
  const started = process.hrtime.bigint();
  const ack = proc.waitForLine((line) => line.includes('"ok":true'));
  await proc.write(request(9_999_999, "shutdown", {}));
  await ack;
  proc.child.stdin.end();
  const code = await proc.exited;
  if (code !== 0) throw new Error(`the plugin exited with ${code} after shutdown`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The value at fraction `p` of the sorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** The middle value. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}
