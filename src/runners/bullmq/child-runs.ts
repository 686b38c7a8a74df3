import type { SlotLease } from '../../core/concurrency.js';
import type { ChildTasks, TriggerOptions } from '../../core/context.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import type { BullmqRunner } from './producer.js';

/**
 * `ctx.trigger*` on a worker: children are jobs like any other, added by the worker's own producer. Their ids
 * derive from the parent's run id, attempt and trigger order, so a parent re-run after a stall finds the children
 * it had started (and their results) instead of starting them twice.
 */
export function createChildRuns(
  runner: () => BullmqRunner,
  parentRunId: string,
  attempt: number,
  lease: SlotLease,
): ChildTasks {
  let count = 0;
  const base = parentRunId.replace(/:/g, '_'); // scheduler job ids hold colons, which BullMQ refuses in custom ids
  const start = (task: AnyTaskDefinition, payload: unknown, options?: TriggerOptions) =>
    runner().start(task, payload, options, { jobId: `${base}-a${attempt}-c${++count}`, parentRunId });
  return {
    trigger: (task, payload, options) => start(task, payload, options) as never,
    triggerAndWait: async (task, payload, options) => {
      const handle = await start(task, payload, options);
      return lease.suspend(() => handle.result()) as never;
    },
    batchTrigger: (task, items) => Promise.all(items.map((item) => start(task, item.payload, item.options))) as never,
    batchTriggerAndWait: async (task, items) => {
      const handles = await Promise.all(items.map((item) => start(task, item.payload, item.options)));
      return lease.suspend(() => Promise.all(handles.map((handle) => handle.result()))) as never;
    },
  };
}
