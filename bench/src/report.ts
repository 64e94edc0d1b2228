/**
 * The Markdown table of one Node version: the median of each plugin's per-round figures, and
 * each plugin's ratio to the ceiling taken round by round (median, then the range).
 */
import { median } from "./driver/stats";
import type { Metric } from "./plan";

/** Everything measured on one Node binary. */
export interface NodeReport {
  readonly node: string;
  readonly rounds: number;
  /** Plugin names; the first is the ceiling. */
  readonly plugins: readonly string[];
  /** Plugin name -> metric key -> one figure per round. */
  readonly samples: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
}

/** Per-round ratios of `plugin` to the ceiling for `key`. */
export function roundRatios(report: NodeReport, plugin: string, key: string): number[] {
  const ceiling = report.samples.get(report.plugins[0]!)!.get(key) ?? [];
  const mine = report.samples.get(plugin)!.get(key) ?? [];
  return mine.map((value, round) => value / ceiling[round]!);
}

/** The table, with a heading naming the Node version and the number of rounds. */
export function renderTable(report: NodeReport, metrics: readonly Metric[]): string {
  const [ceiling, ...others] = report.plugins;
  const head = [`metric`, `${ceiling}`, ...others.flatMap((p) => [p, `${p} / ceiling`])];
  const lines = [
    `Node ${report.node}, ${report.rounds} interleaved rounds; figures are medians of the rounds, ratios are taken per round: median (min-max)`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
  ];
  for (const metric of metrics) {
    const value = (plugin: string): string => {
      const figures = report.samples.get(plugin)!.get(metric.key);
      return figures && figures.length > 0 ? `${format(median(figures))} ${metric.unit}` : "-";
    };
    const cells = [metric.label, value(ceiling!)];
    for (const plugin of others) {
      const ratios = roundRatios(report, plugin, metric.key);
      cells.push(value(plugin));
      cells.push(ratios.length === 0 ? "-" : `${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`);
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n") + "\n";
}

function format(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString("en-US");
  return value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2);
}
