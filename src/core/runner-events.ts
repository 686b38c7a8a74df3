import type { LogRecord, MetadataValue } from './context.js';
import type { DatataskError } from './errors.js';
import type { Result } from './result.js';

/** Events every runner emits (typed, through eventemitter3). */
export interface RunnerEvents {
  'run:start': (event: { runId: string; taskId: string; payload: unknown }) => void;
  'attempt:start': (event: { runId: string; taskId: string; attempt: number }) => void;
  'attempt:fail': (event: {
    runId: string;
    taskId: string;
    attempt: number;
    error: DatataskError;
    retryDelayMs?: number;
  }) => void;
  metadata: (event: { runId: string; taskId: string; metadata: Record<string, MetadataValue> }) => void;
  log: (record: LogRecord) => void;
  'run:complete': (event: { runId: string; taskId: string; result: Result<unknown>; durationMs: number }) => void;
}

export interface RunnerEventSource {
  on<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  once<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
  off<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): this;
}
