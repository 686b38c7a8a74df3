import { pathToFileURL } from 'node:url';
import pRetry from 'p-retry';
import pTimeout from 'p-timeout';
import { z } from 'zod';
import { defineTask } from '../src/core/task.js';
import { createInProcessRunner } from '../src/runners/in-process/index.js';

export interface OverheadFigures {
  /** No-op calls per second of a bare `pRetry(() => pTimeout(fn()))`. */
  barePerSecond: number;
  /** No-op task runs per second through `runner.triggerAndWait`. */
  runnerPerSecond: number;
  /** Time per runner run divided by time per bare call (target: at most 2). */
  ratio: number;
}

export interface RunnerOverheadReport {
  iterations: number;
  /** One call at a time. */
  sequential: OverheadFigures;
  /** `inFlight` calls at a time (the runner at its default concurrency of 10). */
  concurrent: OverheadFigures & { inFlight: number };
}

const noop = async (): Promise<void> => undefined;

const noopTask = defineTask({ id: 'bench-noop', schema: z.object({}), run: noop });

// The bare baseline: what the runner's attempt loop is built from, without a timer (no maxDuration).
const bareCall = (): Promise<void> =>
  pRetry(() => pTimeout(noop(), { milliseconds: Number.POSITIVE_INFINITY }), { retries: 2, minTimeout: 0 });

async function perSecond(iterations: number, inFlight: number, call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  if (inFlight <= 1) {
    for (let i = 0; i < iterations; i++) await call();
  } else {
    for (let done = 0; done < iterations; done += inFlight) {
      const wave: Promise<unknown>[] = [];
      for (let i = 0; i < inFlight; i++) wave.push(call());
      await Promise.all(wave);
    }
  }
  return (iterations / (performance.now() - started)) * 1000;
}

/** Best of `rounds`, so a busy neighbour on a shared machine hurts less. */
async function best(rounds: number, measure: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let round = 0; round < rounds; round++) top = Math.max(top, await measure());
  return top;
}

async function compare(iterations: number, inFlight: number, rounds: number): Promise<OverheadFigures> {
  const runner = createInProcessRunner({ tasks: [noopTask] });
  try {
    const runTask = async () => {
      const result = await runner.triggerAndWait(noopTask, {});
      if (!result.ok) throw result.error;
    };
    // Warm-up: lets V8 optimise both paths before measuring.
    await perSecond(Math.min(iterations, 20_000), inFlight, bareCall);
    await perSecond(Math.min(iterations, 20_000), inFlight, runTask);
    const barePerSecond = await best(rounds, () => perSecond(iterations, inFlight, bareCall));
    const runnerPerSecond = await best(rounds, () => perSecond(iterations, inFlight, runTask));
    return { barePerSecond, runnerPerSecond, ratio: barePerSecond / runnerPerSecond };
  } finally {
    await runner.close();
  }
}

/** Measures the in-process runner's overhead per no-op task against a bare p-retry + p-timeout call. */
export async function benchRunnerOverhead(
  options: { iterations?: number; inFlight?: number; rounds?: number } = {},
): Promise<RunnerOverheadReport> {
  const iterations = options.iterations ?? 100_000;
  const inFlight = options.inFlight ?? 100;
  const rounds = options.rounds ?? 3;
  const sequential = await compare(iterations, 1, rounds);
  const concurrent = await compare(iterations, inFlight, rounds);
  return { iterations, sequential, concurrent: { ...concurrent, inFlight } };
}

function printFigures(label: string, figures: OverheadFigures): void {
  const rate = (value: number) => Math.round(value).toLocaleString('en-US').padStart(10);
  console.log(
    `${label.padEnd(12)} bare ${rate(figures.barePerSecond)}/s   runner ${rate(figures.runnerPerSecond)}/s   ratio ${figures.ratio.toFixed(2)}x`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await benchRunnerOverhead();
  console.log(`runner overhead, ${report.iterations.toLocaleString('en-US')} no-op tasks per measure (best of 3)`);
  printFigures('sequential', report.sequential);
  printFigures(`${report.concurrent.inFlight} in flight`, report.concurrent);
  const worst = Math.max(report.sequential.ratio, report.concurrent.ratio);
  const slowest = Math.min(report.sequential.runnerPerSecond, report.concurrent.runnerPerSecond);
  console.log(
    `targets: ratio <= 2x (${worst <= 2 ? 'met' : 'missed'}), >= 50,000 tasks/s (${slowest >= 50_000 ? 'met' : 'missed'})`,
  );
}
