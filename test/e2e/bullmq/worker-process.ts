// A worker process of the multi-process tests: `fork`ed with tsx, it runs one task set and reports over IPC.
import { startBullmqWorker } from '../../../src/runners/bullmq/index.js';
import { taskSets } from './e2e-tasks.js';

const env = process.env;
const send = (message: Record<string, unknown>) => process.send?.({ ...message, pid: process.pid });

const worker = await startBullmqWorker({
  connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
  prefix: env.DT16_PREFIX!,
  tasks: [...taskSets[(env.DT16_TASKS ?? 'main') as keyof typeof taskSets]],
  concurrency: Number(env.DT16_CONCURRENCY ?? 1),
  lockDuration: Number(env.DT16_LOCK_MS ?? 30_000),
  stalledInterval: Number(env.DT16_STALLED_MS ?? 30_000),
});
worker.on('attempt:start', ({ runId, attempt }) => send({ type: 'attempt:start', runId, attempt }));
worker.on('run:complete', ({ runId, result }) =>
  send({ type: 'run:complete', runId, ok: result.ok, output: result.ok ? result.output : undefined }),
);
process.on('SIGTERM', () => {
  send({ type: 'closing' });
  worker.close().then(
    () => {
      send({ type: 'closed' });
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
send({ type: 'ready' });
