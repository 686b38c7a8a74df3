import type { EventEmitter } from 'eventemitter3';
import type { Clock } from './clock.js';
import type { SlotLease } from './concurrency.js';
import type { ChildTasks, TriggerOptions } from './context.js';
import type { LogSink } from './logger.js';
import type { RunnerEvents } from './runner-events.js';
import type { TokenRegistry } from './wait-tokens.js';

export type HookName = 'onStart' | 'run' | 'cleanup' | 'catchError' | 'onSuccess' | 'onFailure' | 'onComplete';

/** Lets a runner watch the inside of a run (the testing runner records hook calls with it). */
export interface RunObserver {
  hookCalled?(runId: string, hook: HookName, attempt: number): void;
}

/** What a runner lends every run it executes: time, events, waits, children. */
export interface RunEnvironment {
  clock: Clock;
  events: EventEmitter<RunnerEvents>;
  /** Jitter source for retry delays (the testing runner makes it constant). */
  random: () => number;
  tokens: TokenRegistry;
  /** Aborted when the runner closes, so pending waits end instead of holding `close()` forever. */
  closeSignal: AbortSignal;
  /** Extra destination of every (redacted) log record, besides the `log` event. */
  logSink?: LogSink;
  observer?: RunObserver;
  /** Child triggering for a run: the child runs know their parent. */
  childTasks(parentRunId: string, lease: SlotLease): ChildTasks;
}

/** Who the run is, as the runner created it. */
export interface RunSetup {
  runId: string;
  taskId: string;
  options: TriggerOptions;
  lease: SlotLease;
}
