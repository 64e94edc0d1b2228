/** Small statistics over the samples of a run. */

/** The value at fraction `p` of the sorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** The middle value (the upper one of an even count). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}
