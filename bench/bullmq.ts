// BullMQ runner throughput: no-op runs through this runner vs bare BullMQ Queue.add + Worker on the same Redis,
// and this runner with 1 vs 4 worker processes. Each figure is the median of `rounds` rounds of `jobs` runs.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createBullmqRunner, startBullmqWorker } from '../src/runners/bullmq/index.js';
import { benchBusyTask, benchNoopTask } from './bullmq-tasks.js';

const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
const concurrency = 10;

export interface BullmqBenchReport {
  jobs: number;
  rounds: number;
  workerConcurrency: number;
  /**
   * Jobs per second, bare BullMQ: Queue.add each job, one Worker, completions heard through QueueEvents; finished
   * jobs kept for a day, as the runner keeps them (its results stay readable).
   */
  barePerSecond: number;
  /** Runs per second through runner.trigger + handle.result(), one in-process BullmqWorker. */
  runnerPerSecond: number;
  /** Time per run through the runner divided by time per bare job (goal: at most 1.3). */
  ratio: number;
  /** No-op runs per second with the producer here and 1 or 4 worker processes. */
  processes: { one: number; four: number; speedup: number };
  /** The same with runs that each keep a CPU busy for `busyMs` (the work, not the queue, is the cost). */
  busyProcesses: { busyMs: number; jobs: number; one: number; four: number; speedup: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(connection);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
  redis.disconnect();
}

export async function bareRound(jobs: number): Promise<number> {
  const prefix = `bench16_${randomBytes(4).toString('hex')}`;
  const queue = new Queue('bare', { connection, prefix });
  const events = new QueueEvents('bare', { connection, prefix });
  const worker = new Worker('bare', async () => undefined, { connection, prefix, concurrency });
  await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
  let done = 0;
  const finished = new Promise<void>((resolve) => {
    events.on('completed', () => {
      if (++done === jobs) resolve();
    });
  });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: jobs }, (_, n) => queue.add('noop', { n }, { removeOnComplete: { age: 86_400 } })),
  );
  await finished;
  const elapsed = performance.now() - started;
  await Promise.all([worker.close(), events.close(), queue.close()]);
  await deletePrefix(prefix);
  return elapsed;
}

type RoundTask = { task: typeof benchNoopTask | typeof benchBusyTask; payload: (n: number) => never };
const noopRound: RoundTask = { task: benchNoopTask, payload: (n) => ({ n }) as never };

export async function runnerRound(
  jobs: number,
  workerProcesses: number,
  round: RoundTask = noopRound,
): Promise<number> {
  const prefix = `bench16_${randomBytes(4).toString('hex')}`;
  const children = Array.from({ length: workerProcesses }, () =>
    fork(fileURLToPath(new URL('./bullmq-worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_PREFIX: prefix, BENCH_CONCURRENCY: String(concurrency) },
    }),
  );
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
  const inProcess =
    workerProcesses === 0
      ? await startBullmqWorker({ connection, prefix, tasks: [benchNoopTask, benchBusyTask], concurrency })
      : undefined;
  const runner = createBullmqRunner({ connection, prefix });
  await runner.triggerAndWait(round.task, round.payload(-1)); // connections and the event listener are set up
  const started = performance.now();
  const handles = await Promise.all(
    Array.from({ length: jobs }, (_, n) => runner.trigger(round.task, round.payload(n))),
  );
  const results = await Promise.all(handles.map((handle) => handle.result()));
  const elapsed = performance.now() - started;
  if (!results.every((result) => result.ok)) throw new Error('a benchmark run failed');
  await runner.close();
  await inProcess?.close();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await deletePrefix(prefix);
  return elapsed;
}

export async function benchBullmq(jobs = 5000, rounds = 3): Promise<BullmqBenchReport> {
  const bare: number[] = [];
  const ours: number[] = [];
  // Interleaved, so both see the same machine state.
  for (let round = 0; round < rounds; round++) {
    bare.push(await bareRound(jobs));
    ours.push(await runnerRound(jobs, 0));
  }
  const one: number[] = [];
  const four: number[] = [];
  for (let round = 0; round < rounds; round++) {
    one.push(await runnerRound(jobs, 1));
    four.push(await runnerRound(jobs, 4));
  }
  const busyMs = 2;
  const busyJobs = Math.round(jobs / 5);
  const busy: RoundTask = { task: benchBusyTask, payload: (n) => ({ n, ms: busyMs }) as never };
  const busyOne: number[] = [];
  const busyFour: number[] = [];
  for (let round = 0; round < rounds; round++) {
    busyOne.push(await runnerRound(busyJobs, 1, busy));
    busyFour.push(await runnerRound(busyJobs, 4, busy));
  }
  const perSecond = (ms: number, count = jobs) => Math.round((count / ms) * 1000);
  return {
    jobs,
    rounds,
    workerConcurrency: concurrency,
    barePerSecond: perSecond(median(bare)),
    runnerPerSecond: perSecond(median(ours)),
    ratio: Number((median(ours) / median(bare)).toFixed(2)),
    processes: {
      one: perSecond(median(one)),
      four: perSecond(median(four)),
      speedup: Number((median(one) / median(four)).toFixed(2)),
    },
    busyProcesses: {
      busyMs,
      jobs: busyJobs,
      one: perSecond(median(busyOne), busyJobs),
      four: perSecond(median(busyFour), busyJobs),
      speedup: Number((median(busyOne) / median(busyFour)).toFixed(2)),
    },
  };
}
