import type { Logger } from '../../core/context.js';
import { createFakeClock, type FakeClock } from '../../core/fake-clock.js';
import type { LogSink } from '../../core/logger.js';
import type { AnyTaskDefinition } from '../../core/task.js';
import { RunnerEngine, type TaskCollection } from '../in-process/engine.js';
import { RunRecorder, type TestRunRecord } from './run-recorder.js';

export type { FakeClock, FakeClockOptions } from '../../core/fake-clock.js';
export { createFakeClock } from '../../core/fake-clock.js';
export type { HookName } from '../../core/run-environment.js';
export type { HookCall, TestRunRecord } from './run-recorder.js';

export interface TestRunnerOptions {
  tasks?: TaskCollection;
  /** @default 10 */
  concurrency?: number;
  logger?: Logger | LogSink;
  /** Start of the fake clock, ms since the epoch. @default Date.now() */
  start?: number;
  /** Move the clock to pending waits and retry delays at once. @default true */
  autoAdvance?: boolean;
  /** Jitter source of retry delays. @default () => 0, so delays are exactly the policy's (no randomness) */
  random?: () => number;
}

/**
 * The same runner as the in-process one (hooks, retries, waits, tokens, schedules, idempotency) on a fake clock,
 * recording every run: `runner.runs[0].attempts`, `.retryDelays`, `.hookCalls`, `.logs`, `.metadata`.
 */
export class TestRunner extends RunnerEngine {
  readonly clock: FakeClock;
  private readonly recorder: RunRecorder;

  constructor(options: TestRunnerOptions = {}) {
    const recorder = new RunRecorder();
    const clock = createFakeClock({ start: options.start, autoAdvance: options.autoAdvance ?? true });
    super({
      tasks: options.tasks,
      concurrency: options.concurrency,
      logger: options.logger,
      clock,
      random: options.random ?? (() => 0),
      observer: recorder.observer,
    });
    this.clock = clock;
    this.recorder = recorder;
    recorder.listen(this);
  }

  /** Every run triggered, in trigger order (children included). */
  get runs(): readonly TestRunRecord[] {
    return this.recorder.runs;
  }

  /** The record of one run. */
  run(runId: string): TestRunRecord | undefined {
    return this.recorder.get(runId);
  }

  /** The runs of one task, in trigger order. */
  runsOf(task: AnyTaskDefinition | string): TestRunRecord[] {
    const id = typeof task === 'string' ? task : task.id;
    return this.recorder.runs.filter((run) => run.taskId === id);
  }
}

export function createTestRunner(options: TestRunnerOptions = {}): TestRunner {
  return new TestRunner(options);
}
