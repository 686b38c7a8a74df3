import type { SlotLease } from '../../core/concurrency.js';
import type { ChildTasks, RunHandle, TriggerOptions } from '../../core/context.js';
import type { AnyTaskDefinition } from '../../core/task.js';

type StartRun = (task: AnyTaskDefinition, payload: unknown, options?: TriggerOptions) => RunHandle<unknown>;

/** `ctx.trigger*` of one run: children know their parent, and the parent waits for them without a slot. */
export function createChildTasks(start: StartRun, lease: SlotLease): ChildTasks {
  return {
    trigger: async (task, payload, options) => start(task, payload, options) as never,
    triggerAndWait: async (task, payload, options) => {
      const handle = start(task, payload, options);
      return lease.suspend(() => handle.result()) as never;
    },
    batchTrigger: async (task, items) => items.map((item) => start(task, item.payload, item.options)) as never,
    batchTriggerAndWait: async (task, items) => {
      const handles = items.map((item) => start(task, item.payload, item.options));
      return lease.suspend(() => Promise.all(handles.map((handle) => handle.result()))) as never;
    },
  };
}
