// A worker process on the built package (dist/), as a user's worker imports it: plain Node, no tsx.

import { z } from 'zod';
import { defineTask } from '../../../dist/index.js';
import { startBullmqWorker } from '../../../dist/runners/bullmq.js';

const shout = defineTask({
  id: 'e2e-built-shout',
  schema: z.object({ text: z.string() }),
  run: async ({ text }, ctx) => {
    ctx.metadata.set('pid', process.pid);
    return { text: text.toUpperCase(), pid: process.pid };
  },
});

const worker = await startBullmqWorker({
  connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
  prefix: process.env.DT16_PREFIX,
  tasks: [shout],
});
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
process.send?.({ type: 'ready', pid: process.pid });
