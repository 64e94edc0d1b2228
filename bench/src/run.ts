/**
 * `npm run bench`: the hand-written ceiling, the PluginAdapter and the decorated plugin doing
 * the same work, in interleaved rounds (every plugin runs each process of a round before the
 * next process starts, in an order that rotates), on one or more Node binaries. Ratios to the
 * ceiling are taken within each round, so a slow spell of a shared machine lands on both sides
 * of a ratio; the table gives their median and range. Writes bench/results/latest.json too.
 *
 * Options: `--rounds N` (default 5), `--node PATH` (repeatable; default the running Node),
 * `--node24` (adds the Node 24 of scripts/node24.sh, installed on first use), `--router` (the
 * topic router's micro-benchmark instead).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startPlugin, stopPlugin, type PluginUnderTest } from "./driver/scenarios";
import { median } from "./driver/stats";
import { metrics, roundPlan, SIZES } from "./plan";
import { renderTable, type NodeReport } from "./report";
import { benchRouter } from "./router-bench";

interface Options {
  rounds: number;
  nodes: string[];
  router: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { rounds: 5, nodes: [], router: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--rounds") options.rounds = Number(argv[++i]);
    else if (arg === "--node") options.nodes.push(argv[++i]!);
    else if (arg === "--node24") options.nodes.push(node24());
    else if (arg === "--router") options.router = true;
    else throw new Error(`unknown option ${arg}; known: --rounds N, --node PATH, --node24, --router`);
  }
  if (!(Number.isInteger(options.rounds) && options.rounds > 0)) throw new Error("--rounds must be a positive integer");
  if (options.nodes.length === 0) options.nodes.push(process.execPath);
  if (!options.nodes.includes(process.execPath) && argv.includes("--node24") && !argv.includes("--node")) options.nodes.unshift(process.execPath);
  return options;
}

function node24(): string {
  const script = path.join(__dirname, "..", "..", "scripts", "node24.sh");
  return execFileSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

function plugins(node: string): PluginUnderTest[] {
  const script = (file: string): string => path.join(__dirname, "plugins", file);
  return [
    { name: "hand-written (ceiling)", node, script: script("ceiling.js") },
    { name: "PluginAdapter", node, script: script("adapter.js") },
    { name: "decorated", node, script: script("decorated.js") },
  ];
}

async function measureNode(node: string, rounds: number): Promise<NodeReport> {
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  const list = plugins(node);
  // samples[plugin][metric][round]
  const samples = new Map(list.map((p) => [p.name, new Map<string, number[]>()]));
  const plan = roundPlan();
  for (let round = 0; round < rounds; round++) {
    const roundSamples = new Map(list.map((p) => [p.name, new Map<string, number[]>()]));
    for (const [index, entry] of plan.entries()) {
      const order = list.map((_, i) => list[(i + round + index) % list.length]!);
      for (const plugin of order) {
        process.stderr.write(`node ${version} round ${round + 1}/${rounds}: ${entry.name}, ${plugin.name}\n`);
        const mine = roundSamples.get(plugin.name)!;
        const record = (key: string, value: number): void => void (mine.get(key) ?? mine.set(key, []).get(key)!).push(value);
        const { proc, startupMs, startupCpuMs } = await startPlugin(plugin);
        record("startup", startupMs);
        record("startupCpu", startupCpuMs);
        for (const step of entry.steps) await step(proc, record);
        await stopPlugin(proc);
      }
    }
    // One figure per metric and round: the median of the round's processes (start-up has several).
    for (const [name, byMetric] of roundSamples) {
      for (const [key, values] of byMetric) {
        const all = samples.get(name)!;
        (all.get(key) ?? all.set(key, []).get(key)!).push(median(values));
      }
    }
  }
  return { node: version, rounds, plugins: list.map((p) => p.name), samples };
}

/** The router's lookup cost by pattern count, as a table. */
function routerTable(): string {
  const samples = benchRouter([10, 100, 1000, 10_000]);
  const lines = ["| patterns | trie ns/lookup | linear ns/lookup | trie vs 10 patterns |", "|---|---|---|---|"];
  for (const r of samples) lines.push(`| ${r.patterns} | ${r.trieNs.toFixed(0)} | ${r.linearNs.toFixed(0)} | ${(r.trieNs / samples[0]!.trieNs).toFixed(2)}x |`);
  return lines.join("\n") + "\n";
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.router) {
    process.stdout.write(routerTable());
    return;
  }
  const reports: NodeReport[] = [];
  for (const node of options.nodes) reports.push(await measureNode(node, options.rounds));
  const cpu = os.cpus();
  const machine = `${cpu.length} cores (${cpu[0]?.model ?? "unknown"}), ${os.platform()} ${os.release()}`;
  process.stdout.write(`machine: ${machine}\n\n`);
  for (const report of reports) process.stdout.write(renderTable(report, metrics()) + "\n");
  const out = path.join(__dirname, "..", "results");
  mkdirSync(out, { recursive: true });
  const json = {
    machine,
    sizes: SIZES,
    reports: reports.map((r) => ({ ...r, samples: Object.fromEntries([...r.samples].map(([n, m]) => [n, Object.fromEntries(m)])) })),
  };
  writeFileSync(path.join(out, "latest.json"), JSON.stringify(json, null, 2) + "\n");
  process.stderr.write(`wrote ${path.join(out, "latest.json")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
