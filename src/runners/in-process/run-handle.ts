import type { RunHandle } from '../../core/context.js';
import type { Result } from '../../core/result.js';

/** A class rather than an object with a closure: one allocation per run. */
export class InProcessRunHandle implements RunHandle<unknown> {
  constructor(
    readonly id: string,
    readonly taskId: string,
    readonly done: Promise<Result<unknown>>,
  ) {}

  result(): Promise<Result<unknown>> {
    return this.done;
  }
}
