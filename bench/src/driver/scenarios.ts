/**
 * The measurements. Each one checks every answer it counts (a wrong, missing or repeated frame
 * fails the run instead of flattering it) and reads the plugin's own CPU time beside the rate,
 * so a driver too slow to saturate the plugin cannot hide a gap between plugins.
 */
import { checkPublish, checkToolReply, eventLineFactory, recallReplyFor, request, toolCallLine } from "./frames";
import { PluginProcess } from "./plugin-process";

/** A plugin to measure: a script run by a Node binary. */
export interface PluginUnderTest {
  readonly name: string;
  readonly node: string;
  readonly script: string;
}

/** Throughput of one run: items per second and the plugin's CPU per item. */
export interface Throughput {
  readonly perSecond: number;
  readonly cpuMicrosPerItem: number;
}

/** Frames written per pipe write. */
const WRITE_BATCH = 256;

/**
 * Times `send` until `done` (every answer in) and reads the plugin's CPU around it; throws the
 * first failure the answer checks recorded, so a wrong run never yields a figure.
 */
async function measure(
  proc: PluginProcess,
  count: number,
  done: Promise<void>,
  failure: () => Error | undefined,
  send: () => Promise<void>,
): Promise<Throughput> {
  const cpuBefore = proc.cpuMicros();
  const started = process.hrtime.bigint();
  await send();
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = proc.cpuMicros() - cpuBefore;
  const failed = failure();
  if (failed) throw failed;
  return { perSecond: count / seconds, cpuMicrosPerItem: cpu / count };
}

/**
 * Spawns the plugin and waits for its `initialize` reply; resolves with the process, the
 * milliseconds that took, and the CPU milliseconds the plugin used until then (which a busy
 * machine inflates less than the wall time).
 */
export async function startPlugin(plugin: PluginUnderTest): Promise<{ proc: PluginProcess; startupMs: number; startupCpuMs: number }> {
  const started = process.hrtime.bigint();
  const proc = new PluginProcess(plugin.node, plugin.script);
  const reply = proc.waitForLine((line) => line.startsWith('{"jsonrpc":"2.0","id":1,"result":{"manifest"'));
  await proc.write(request(1, "initialize", { nexo_version: "0.1.0" }));
  await reply;
  const startupMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { proc, startupMs, startupCpuMs: proc.preciseCpuMicros() / 1000 };
}

/** Sends `shutdown`, expects its ack and exit code 0, and checks the plugin logged nothing. */
export async function stopPlugin(proc: PluginProcess): Promise<void> {
  const ack = proc.waitForLine((line) => line === '{"jsonrpc":"2.0","id":2,"result":{"ok":true}}');
  await proc.write(request(2, "shutdown"));
  await ack;
  proc.child.stdin.end();
  const code = await proc.exited;
  if (code !== 0) throw new Error(`the plugin exited with ${code} after shutdown`);
  const stderr = proc.stderrText();
  if (stderr) throw new Error(`the plugin logged during the run: ${stderr.slice(0, 500)}`);
}

/**
 * Writes `count` events as fast as the pipe takes them (with `data` in each payload, when
 * given; with a session on each, when asked) and checks every publish: each event answered
 * exactly once, with a full envelope in that event's session and an id of its own.
 */
export async function runEvents(proc: PluginProcess, count: number, data: string | null, withSessions: boolean): Promise<Throughput> {
  const line = eventLineFactory(data, withSessions);
  const answered = new Uint8Array(count);
  const ids = new Set<string>();
  let received = 0;
  let failure: Error | undefined;
  const done = new Promise<void>((resolve) => {
    proc.onLine = (text) => {
      try {
        const { seq, id } = checkPublish(text, withSessions);
        if (!(seq >= 0 && seq < count) || answered[seq]) throw new Error(`event ${seq} answered twice or never sent`);
        answered[seq] = 1;
        if (ids.has(id)) throw new Error(`event id ${id} published twice`);
        ids.add(id);
      } catch (error) {
        failure ??= error as Error;
      }
      if (++received === count) resolve();
    };
  });
  return measure(proc, count, done, () => failure, async () => {
    for (let seq = 0; seq < count; ) {
      let chunk = "";
      for (const end = Math.min(count, seq + WRITE_BATCH); seq < end; seq++) chunk += line(seq);
      await proc.write(chunk);
    }
  });
}

/** Events a recall run keeps unanswered at most, below the plugins' flow-control limits. */
const RECALL_WINDOW = 512;

/**
 * Writes `count` events that each ask for a `memory.recall` first, answers every recall as soon
 * as it is read (all of a stdout chunk's answers in one write), and checks every publish as
 * {@link runEvents} does. At most {@link RECALL_WINDOW} events are unanswered at a time, as a
 * daemon bounds what it has in flight to one plugin.
 */
export async function runRecallEvents(proc: PluginProcess, count: number): Promise<Throughput> {
  const line = eventLineFactory(null, false, true);
  const answered = new Uint8Array(count);
  let received = 0;
  let sent = 0;
  let replies = "";
  let failure: Error | undefined;
  let wakeWriter: (() => void) | undefined;
  const flushReplies = (): void => {
    const text = replies;
    replies = "";
    void proc.write(text);
  };
  const done = new Promise<void>((resolve) => {
    proc.onLine = (text) => {
      try {
        const reply = recallReplyFor(text);
        if (reply !== null) {
          if (replies === "") process.nextTick(flushReplies);
          replies += reply;
          return;
        }
        const { seq } = checkPublish(text, false);
        if (!(seq >= 0 && seq < count) || answered[seq]) throw new Error(`event ${seq} answered twice or never sent`);
        answered[seq] = 1;
      } catch (error) {
        failure ??= error as Error;
      }
      received++;
      if (wakeWriter && sent - received <= RECALL_WINDOW / 2) {
        wakeWriter();
        wakeWriter = undefined;
      }
      if (received === count) resolve();
    };
  });
  return measure(proc, count, done, () => failure, async () => {
    while (sent < count) {
      if (sent - received >= RECALL_WINDOW) await new Promise<void>((resolve) => (wakeWriter = resolve));
      let chunk = "";
      for (const end = Math.min(count, sent + WRITE_BATCH, received + RECALL_WINDOW); sent < end; sent++) chunk += line(sent);
      await proc.write(chunk);
    }
  });
}

/** Writes `count` tool calls without waiting for answers and checks each one is answered once, rightly. */
export async function runPipelinedCalls(proc: PluginProcess, count: number): Promise<Throughput> {
  const base = 1_000_000;
  const answered = new Uint8Array(count);
  let received = 0;
  let failure: Error | undefined;
  const done = new Promise<void>((resolve) => {
    proc.onLine = (text) => {
      try {
        const n = checkToolReply(text, base);
        if (!(n >= 0 && n < count) || answered[n]) throw new Error(`tool call ${n} answered twice or never sent`);
        answered[n] = 1;
      } catch (error) {
        failure ??= error as Error;
      }
      if (++received === count) resolve();
    };
  });
  return measure(proc, count, done, () => failure, async () => {
    for (let n = 0; n < count; ) {
      let chunk = "";
      for (const end = Math.min(count, n + WRITE_BATCH); n < end; n++) chunk += toolCallLine(base + n, n);
      await proc.write(chunk);
    }
  });
}
