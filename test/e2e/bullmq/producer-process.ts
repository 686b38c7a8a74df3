// A producer process: on 'go' it triggers the unique task with the given idempotency key and reports the run.
import { createBullmqRunner } from '../../../src/runners/bullmq/index.js';
import { uniqueTask } from './e2e-tasks.js';

const runner = createBullmqRunner({
  connection: { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null },
  prefix: process.env.DT16_PREFIX!,
});
process.on('message', async (message: { type: string; key: string }) => {
  if (message.type !== 'go') return;
  const handle = await runner.trigger(uniqueTask, {}, { idempotencyKey: message.key });
  const result = await handle.result();
  process.send?.({ type: 'result', id: handle.id, output: result.ok ? result.output : null, pid: process.pid });
  await runner.close();
  process.exit(0);
});
process.send?.({ type: 'ready', pid: process.pid });
