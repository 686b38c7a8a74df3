import { z } from 'zod';
import { defineTask } from '../src/core/task.js';

export const benchNoopTask = defineTask({
  id: 'bench-bullmq-noop',
  schema: z.object({ n: z.number() }),
  run: async () => undefined,
});
