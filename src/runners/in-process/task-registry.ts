import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { AnyTaskDefinition } from '../../core/task.js';

/** Task ids known to a runner. One id, one definition: a different definition under a used id is rejected. */
export class TaskRegistry {
  private readonly byId = new Map<string, AnyTaskDefinition>();

  constructor(tasks: Iterable<AnyTaskDefinition>) {
    for (const task of tasks) {
      assertDefinition(task);
      const known = this.byId.get(task.id);
      if (known && known !== task) throw duplicateTask(task.id);
      this.byId.set(task.id, task);
    }
  }

  /** Accepts a task, registering it on first use (so any definition can be triggered). */
  resolve(task: AnyTaskDefinition): void {
    const known = this.byId.get(task?.id);
    if (known === task) return;
    assertDefinition(task);
    if (known) throw duplicateTask(task.id);
    this.byId.set(task.id, task);
  }

  get(id: string): AnyTaskDefinition | undefined {
    return this.byId.get(id);
  }

  all(): AnyTaskDefinition[] {
    return [...this.byId.values()];
  }
}

function assertDefinition(task: AnyTaskDefinition): void {
  if (task?.kind !== 'datatasks.task' || typeof task.run !== 'function') {
    throw new DatataskError(ErrorCode.INVALID_INPUT, 'Not a task definition: create tasks with defineTask()');
  }
}

function duplicateTask(id: string): DatataskError {
  return new DatataskError(
    ErrorCode.DUPLICATE_TASK,
    `Another task definition already uses the id "${id}" in this runner: task ids must be unique`,
  );
}

/** Accepts tasks as an array or as an object of definitions (e.g. `import * as tasks`, other exports skipped). */
export function taskList(
  tasks: Iterable<AnyTaskDefinition> | Record<string, AnyTaskDefinition> | undefined,
): AnyTaskDefinition[] {
  if (!tasks) return [];
  if (Symbol.iterator in tasks) return [...(tasks as Iterable<AnyTaskDefinition>)];
  return Object.values(tasks).filter((value) => (value as { kind?: unknown } | null)?.kind === 'datatasks.task');
}
