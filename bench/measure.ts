/** Timing and memory helpers for benchmarks: medians of several runs, peak RSS growth sampled while running. */
export interface Measurement {
  name: string;
  medianMs: number;
  minMs: number;
  runs: number;
  /** Peak growth of the process RSS during the runs, MiB. */
  peakRssMiB: number;
  statements?: number;
  note?: string;
}

export async function measure(
  name: string,
  runs: number,
  /** May resolve to `{ statements }`, the number of statements it sent. */
  fn: () => Promise<unknown>,
): Promise<Measurement> {
  const times: number[] = [];
  let statements: number | undefined;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss - base);
    }, 5);
    const started = performance.now();
    try {
      const result = await fn();
      const sent = (result as { statements?: unknown } | undefined)?.statements;
      if (typeof sent === 'number') statements = sent;
    } finally {
      clearInterval(sampler);
    }
    times.push(performance.now() - started);
    peak = Math.max(peak, process.memoryUsage().rss - base);
  }
  times.sort((a, b) => a - b);
  return {
    name,
    medianMs: times[Math.floor(times.length / 2)]!,
    minMs: times[0]!,
    runs,
    peakRssMiB: Math.round((peak / 1024 / 1024) * 10) / 10,
    ...(statements !== undefined ? { statements } : {}),
  };
}

export function table(title: string, rows: Measurement[], reference?: string): string {
  const ref = reference ? rows.find((row) => row.name === reference) : undefined;
  const lines = [
    `### ${title}`,
    '',
    `| tool | median | min | runs | peak RSS growth | statements |${ref ? ` vs ${ref.name} |` : ''}`,
    `|---|---|---|---|---|---|${ref ? '---|' : ''}`,
  ];
  for (const row of rows) {
    const ratio = ref ? ` ${(row.medianMs / ref.medianMs).toFixed(2)}x |` : '';
    lines.push(
      `| ${row.name}${row.note ? ` (${row.note})` : ''} | ${(row.medianMs / 1000).toFixed(3)} s | ${(row.minMs / 1000).toFixed(3)} s | ${row.runs} | ${row.peakRssMiB} MiB | ${row.statements ?? ''} |${ratio}`,
    );
  }
  return lines.join('\n');
}
