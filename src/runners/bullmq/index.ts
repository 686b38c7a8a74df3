export type { BullmqModule } from './load-bullmq.js';
export type {
  BullmqConnectionOptions,
  BullmqRunnerOptions,
  BullmqWorkerOptions,
  TaskCollection,
} from './options.js';
export { BullmqRunner, createBullmqRunner } from './producer.js';
export { BullmqWorker, startBullmqWorker, type WorkerCloseOptions } from './worker.js';
