/**
 * What one round measures: each entry is one fresh plugin process and what is run in it, in
 * order; every plugin goes through every entry once per round.
 */
import { runEvents, runPipelinedCalls, runRecallEvents, type Throughput } from "./driver/scenarios";
import type { PluginProcess } from "./driver/plugin-process";

/** A figure of one round for one plugin. */
export interface Metric {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  /** Whether a bigger figure is better (rates) or worse (CPU, time, memory). */
  readonly higherIsBetter: boolean;
}

/** One fresh process and the steps run in it; each step records figures by metric key. */
export interface ProcessPlan {
  readonly name: string;
  readonly steps: ReadonlyArray<(proc: PluginProcess, record: (key: string, value: number) => void) => Promise<void>>;
}

/** Sizes of a round, overridable from the environment for a quick look. */
export const SIZES = {
  shortEvents: Number(process.env["BENCH_SHORT_EVENTS"] ?? 30_000),
  longEvents: Number(process.env["BENCH_LONG_EVENTS"] ?? 200_000),
  calls: Number(process.env["BENCH_CALLS"] ?? 30_000),
  longCalls: Number(process.env["BENCH_LONG_CALLS"] ?? 100_000),
  payloadEvents: Number(process.env["BENCH_PAYLOAD_EVENTS"] ?? 2_000),
  recallEvents: Number(process.env["BENCH_RECALL_EVENTS"] ?? 100_000),
  payloadBytes: 64 * 1024,
};

const thousands = (n: number): string => n.toLocaleString("en-US");

function events(prefix: string, count: number, data: string | null, sessions: boolean) {
  return async (proc: PluginProcess, record: (key: string, value: number) => void): Promise<void> => {
    const result: Throughput = await runEvents(proc, count, data, sessions);
    if (data === null) {
      record(`${prefix}.events`, result.perSecond);
    } else {
      record(`${prefix}.mbps`, (result.perSecond * data.length) / (1024 * 1024));
    }
    record(`${prefix}.cpu`, result.cpuMicrosPerItem);
  };
}

function calls(prefix: string, count: number) {
  return async (proc: PluginProcess, record: (key: string, value: number) => void): Promise<void> => {
    const result = await runPipelinedCalls(proc, count);
    record(`${prefix}.calls`, result.perSecond);
    record(`${prefix}.callCpu`, result.cpuMicrosPerItem);
  };
}

function recallEvents(prefix: string, count: number) {
  return async (proc: PluginProcess, record: (key: string, value: number) => void): Promise<void> => {
    const result = await runRecallEvents(proc, count);
    record(`${prefix}.events`, result.perSecond);
    record(`${prefix}.cpu`, result.cpuMicrosPerItem);
  };
}

const peakRss = (key: string) => async (proc: PluginProcess, record: (key: string, value: number) => void): Promise<void> =>
  record(key, proc.peakRssMb());

/** The processes of a round. */
export function roundPlan(): ProcessPlan[] {
  const payload = "x".repeat(SIZES.payloadBytes);
  return [
    { name: "short", steps: [events("short", SIZES.shortEvents, null, false), calls("short", SIZES.calls)] },
    { name: "short, sessions", steps: [events("shortSession", SIZES.shortEvents, null, true), calls("shortSession", SIZES.calls)] },
    { name: "64 KiB payloads", steps: [events("payload", SIZES.payloadEvents, payload, false), peakRss("payload.rss")] },
    { name: "long", steps: [events("long", SIZES.longEvents, null, false), calls("long", SIZES.longCalls), peakRss("long.rss")] },
    { name: "long, sessions", steps: [events("longSession", SIZES.longEvents, null, true)] },
    { name: "host calls", steps: [recallEvents("recall", SIZES.recallEvents), peakRss("recall.rss")] },
  ];
}

/** The rows of the report, in order. */
export function metrics(): Metric[] {
  const s = thousands(SIZES.shortEvents);
  const l = thousands(SIZES.longEvents);
  const rate = (key: string, label: string, unit = "/s"): Metric => ({ key, label, unit, higherIsBetter: true });
  const cost = (key: string, label: string, unit: string): Metric => ({ key, label, unit, higherIsBetter: false });
  return [
    rate("short.events", `events, first ${s}`),
    cost("short.cpu", `plugin CPU per event, first ${s}`, "µs"),
    rate("shortSession.events", `events with a session, first ${s}`),
    cost("shortSession.cpu", `plugin CPU per event with a session, first ${s}`, "µs"),
    rate("long.events", `events, ${l}`),
    cost("long.cpu", `plugin CPU per event, ${l}`, "µs"),
    rate("longSession.events", `events with a session, ${l}`),
    cost("longSession.cpu", `plugin CPU per event with a session, ${l}`, "µs"),
    rate("short.calls", `pipelined tool.invoke, ${thousands(SIZES.calls)} after the short events`),
    rate("shortSession.calls", `pipelined tool.invoke, ${thousands(SIZES.calls)} after events with sessions`),
    rate("long.calls", `pipelined tool.invoke, ${thousands(SIZES.longCalls)} after the long events`),
    cost("long.callCpu", "plugin CPU per tool call, long", "µs"),
    rate("payload.mbps", `64 KiB payloads in (${thousands(SIZES.payloadEvents)}), small publishes out`, "MB/s"),
    cost("payload.cpu", "plugin CPU per 64 KiB event", "µs"),
    rate("recall.events", `events that await a memory.recall, ${thousands(SIZES.recallEvents)}`),
    cost("recall.cpu", "plugin CPU per event that awaits a memory.recall", "µs"),
    cost("startup", "start-up, spawn to initialize reply", "ms"),
    cost("startupCpu", "plugin CPU until the initialize reply", "ms"),
    cost("long.rss", "peak RSS, long events", "MB"),
    cost("payload.rss", "peak RSS, 64 KiB payloads", "MB"),
    cost("recall.rss", "peak RSS, events that await a memory.recall", "MB"),
  ];
}
