/**
 * `npm run bench`: three plugins in the same run, alternating, several rounds; medians and
 * ratios to the hand-written ceiling; the router micro-benchmark; start-up costs. Prints a
 * table and writes bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { measureBareNode, measureRound, measureStartup, median, type PluginUnderTest, type RoundResult, type Workload } from "./driver/scenarios";
import { benchRouter } from "./router-bench";

const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const STARTUP_SPAWNS = Number(process.env["BENCH_SPAWNS"] ?? 15);
const WORK: Workload = { events: 200_000, payloadEvents: 1000, payloadBytes: 64 * 1024, sequentialCalls: 2000, pipelinedCalls: 100_000 };

const plugin = (name: string, file: string): PluginUnderTest => ({
  name,
  command: process.execPath,
  args: [path.join(__dirname, "plugins", file)],
});
const PLUGINS = [plugin("minimal (ceiling)", "minimal.js"), plugin("PluginAdapter", "adapter-echo.js"), plugin("decorated + bootstrap", "decorated-echo.js")];
const DTO_PLUGIN = plugin("decorated with a DTO", "decorated-dto.js");

const METRICS: Array<{ key: keyof RoundResult; label: string; unit: string; higherIsBetter: boolean }> = [
  { key: "eventsPerSec", label: "events echoed", unit: "/s", higherIsBetter: true },
  { key: "payloadMBPerSec", label: "64 KiB payloads", unit: "MB/s", higherIsBetter: true },
  { key: "pipelinedCallsPerSec", label: "pipelined tool calls", unit: "/s", higherIsBetter: true },
  { key: "toolP50Us", label: "tool call p50", unit: "µs", higherIsBetter: false },
  { key: "toolP99Us", label: "tool call p99", unit: "µs", higherIsBetter: false },
  { key: "peakRssMb", label: "peak RSS", unit: "MB", higherIsBetter: false },
  { key: "shutdownMs", label: "shutdown", unit: "ms", higherIsBetter: false },
];

async function main(): Promise<void> {
  const rounds = new Map<string, RoundResult[]>(PLUGINS.map((p) => [p.name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order every round so no plugin always runs first on a cold machine.
    const order = PLUGINS.map((_, i) => PLUGINS[(i + round) % PLUGINS.length]!);
    for (const p of order) {
      process.stderr.write(`round ${round + 1}/${ROUNDS}: ${p.name}\n`);
      rounds.get(p.name)!.push(await measureRound(p, WORK));
    }
  }
  const startup = new Map<string, number[]>([...PLUGINS, DTO_PLUGIN].map((p) => [p.name, []]));
  const bare: number[] = [];
  for (let i = 0; i < STARTUP_SPAWNS; i++) {
    bare.push(await measureBareNode());
    for (const p of [...PLUGINS, DTO_PLUGIN]) startup.get(p.name)!.push(await measureStartup(p));
  }
  process.stderr.write("router micro-benchmark\n");
  const router = benchRouter([10, 100, 1000, 10_000]);

  const medians = Object.fromEntries(
    PLUGINS.map((p) => [p.name, Object.fromEntries(METRICS.map((m) => [m.key, median(rounds.get(p.name)!.map((r) => r[m.key]))]))]),
  ) as Record<string, Record<keyof RoundResult, number>>;
  const startupMs = Object.fromEntries([...startup].map(([name, samples]) => [name, median(samples)]));
  const ceiling = PLUGINS[0]!.name;
  const report = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
    workload: WORK,
    rounds: ROUNDS,
    medians,
    ratios: Object.fromEntries(
      PLUGINS.slice(1).map((p) => [p.name, Object.fromEntries(METRICS.map((m) => [m.key, medians[p.name]![m.key] / medians[ceiling]![m.key]]))]),
    ),
    startupMs: { bareNode: median(bare), ...startupMs },
    router,
  };
  printTable(report.medians, ceiling, report.startupMs, router);
  const out = path.join(__dirname, "..", "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "latest.json"), JSON.stringify(report, null, 2) + "\n");
  process.stderr.write(`wrote ${path.join(out, "latest.json")}\n`);
}

function printTable(
  medians: Record<string, Record<keyof RoundResult, number>>,
  ceiling: string,
  startupMs: Record<string, number>,
  router: ReturnType<typeof benchRouter>,
): void {
  const names = Object.keys(medians);
  const lines = [`| metric | ${names.join(" | ")} |`, `|---|${names.map(() => "---").join("|")}|`];
  for (const m of METRICS) {
    const cells = names.map((n) => {
      const value = medians[n]![m.key];
      const ratio = n === ceiling ? "" : ` (${(value / medians[ceiling]![m.key]).toFixed(2)}x)`;
      return `${format(value)} ${m.unit}${ratio}`;
    });
    lines.push(`| ${m.label} | ${cells.join(" | ")} |`);
  }
  const start = (n: string): string => `${startupMs[n]!.toFixed(1)} ms (${(startupMs[n]! / startupMs[ceiling]!).toFixed(2)}x)`;
  lines.push(`| start-up to initialize reply | ${names.map((n) => (n === ceiling ? `${startupMs[n]!.toFixed(1)} ms` : start(n))).join(" | ")} |`);
  lines.push("");
  lines.push(`start-up: node -e 0 ${startupMs["bareNode"]!.toFixed(1)} ms; ${DTO_PLUGIN.name} ${startupMs[DTO_PLUGIN.name]!.toFixed(1)} ms`);
  lines.push("");
  lines.push("| patterns | trie ns/lookup | linear ns/lookup | trie vs 10 patterns |");
  lines.push("|---|---|---|---|");
  for (const r of router) lines.push(`| ${r.patterns} | ${r.trieNs.toFixed(0)} | ${r.linearNs.toFixed(0)} | ${(r.trieNs / router[0]!.trieNs).toFixed(2)}x |`);
  process.stdout.write(lines.join("\n") + "\n");
}

function format(value: number): string {
  return value >= 1000 ? Math.round(value).toLocaleString("en-US") : value.toFixed(value >= 100 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
