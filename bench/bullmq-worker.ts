// A worker process of the BullMQ benchmark: runs the no-op task until SIGTERM.
import { startBullmqWorker } from '../src/runners/bullmq/index.js';
import { benchBusyTask, benchNoopTask } from './bullmq-tasks.js';

const worker = await startBullmqWorker({
  connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
  prefix: process.env.BENCH_PREFIX!,
  tasks: [benchNoopTask, benchBusyTask],
  concurrency: Number(process.env.BENCH_CONCURRENCY ?? 10),
});
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
process.send?.('ready');
