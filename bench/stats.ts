/** Summary statistics of repeated measurements, the way the benchmark reports them. */

/** The median, 95th percentile and extremes of a set of samples (ms, bytes, …). */
export interface Summary {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

/** Summarises samples; percentiles use the nearest-rank method, so they are always observed values. */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  return { runs: sorted.length, p50: rank(0.5), p95: rank(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Times a synchronous function `runs` times, in ms. */
export function timeSync(runs: number, fn: () => void): number[] {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples;
}
