import { cpus, totalmem } from 'node:os';

/** Percentile (nearest-rank) of a sorted-or-not sample, in the sample's unit. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

/** One row of the benchmark table. */
export interface BenchRow {
  bench: string;
  metric: string;
  value: string;
  target: string;
  met: string;
}

/** Renders rows as a Markdown table. */
export function table(rows: BenchRow[]): string {
  const head = '| benchmark | metric | value | target | met |\n|---|---|---|---|---|';
  return [head, ...rows.map((r) => `| ${r.bench} | ${r.metric} | ${r.value} | ${r.target} | ${r.met} |`)].join('\n');
}

/** The machine line printed with every run. */
export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Formats milliseconds with 3 significant decimals. */
export const ms = (x: number): string => `${x.toFixed(3)} ms`;
