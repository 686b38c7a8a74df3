import { z } from 'zod';
import { defineTask } from '../src/core/task.js';

export const benchNoopTask = defineTask({
  id: 'bench-bullmq-noop',
  schema: z.object({ n: z.number() }),
  run: async () => undefined,
});

/** Busy for `ms` of CPU time: shows how runs spread over worker processes when the work itself is the cost. */
export const benchBusyTask = defineTask({
  id: 'bench-bullmq-busy',
  schema: z.object({ n: z.number(), ms: z.number() }),
  run: async ({ ms }) => {
    const until = performance.now() + ms;
    let spins = 0;
    while (performance.now() < until) spins++;
    return spins > 0;
  },
});
