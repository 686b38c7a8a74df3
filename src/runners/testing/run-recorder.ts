import type { LogRecord, MetadataValue, TriggerOptions } from '../../core/context.js';
import type { DatataskError } from '../../core/errors.js';
import type { Result } from '../../core/result.js';
import type { HookName } from '../../core/run-environment.js';
import type { EngineObserver } from '../in-process/engine.js';
import type { RunnerEvents } from '../runner.js';

export interface HookCall {
  hook: HookName;
  attempt: number;
}

/** Everything the testing runner saw of one run, for a unit test to assert. */
export interface TestRunRecord {
  id: string;
  taskId: string;
  /** The payload as triggered (not redacted: it never left the test). */
  payload: unknown;
  options: TriggerOptions;
  parentRunId: string | undefined;
  status: 'queued' | 'running' | 'completed' | 'failed';
  /** Attempts started so far. */
  attempts: number;
  /** The delay before each retry, in ms, in order. */
  retryDelays: number[];
  /** Every hook (and `run`) called, in order, with its attempt. */
  hookCalls: HookCall[];
  /** The error of each failed attempt, redacted. */
  attemptErrors: DatataskError[];
  logs: LogRecord[];
  /** The latest metadata, and every snapshot in order. */
  metadata: Record<string, MetadataValue>;
  metadataHistory: Array<Record<string, MetadataValue>>;
  result: Result<unknown> | undefined;
  /** Time the run took on the fake clock. */
  durationMs: number | undefined;
}

type EventSource = { on<E extends keyof RunnerEvents>(event: E, listener: RunnerEvents[E]): unknown };

/** Builds run records from the engine's observer calls and events. */
export class RunRecorder {
  readonly runs: TestRunRecord[] = [];
  private readonly byId = new Map<string, TestRunRecord>();

  readonly observer: EngineObserver = {
    runCreated: ({ runId, taskId, payload, options, parentRunId }) => {
      const record: TestRunRecord = {
        id: runId,
        taskId,
        payload,
        options,
        parentRunId,
        status: 'queued',
        attempts: 0,
        retryDelays: [],
        hookCalls: [],
        attemptErrors: [],
        logs: [],
        metadata: {},
        metadataHistory: [],
        result: undefined,
        durationMs: undefined,
      };
      this.runs.push(record);
      this.byId.set(runId, record);
    },
    hookCalled: (runId, hook, attempt) => this.byId.get(runId)?.hookCalls.push({ hook, attempt }),
  };

  get(runId: string): TestRunRecord | undefined {
    return this.byId.get(runId);
  }

  listen(events: EventSource): void {
    events.on('run:start', ({ runId }) => this.update(runId, (run) => (run.status = 'running')));
    events.on('attempt:start', ({ runId, attempt }) => this.update(runId, (run) => (run.attempts = attempt)));
    events.on('attempt:fail', ({ runId, error, retryDelayMs }) =>
      this.update(runId, (run) => {
        run.attemptErrors.push(error);
        if (retryDelayMs !== undefined) run.retryDelays.push(retryDelayMs);
      }),
    );
    events.on('log', (record) => this.update(record.runId, (run) => run.logs.push(record)));
    events.on('metadata', ({ runId, metadata }) =>
      this.update(runId, (run) => {
        run.metadata = metadata;
        run.metadataHistory.push(metadata);
      }),
    );
    events.on('run:complete', ({ runId, result, durationMs }) =>
      this.update(runId, (run) => {
        run.result = result;
        run.status = result.ok ? 'completed' : 'failed';
        run.durationMs = durationMs;
      }),
    );
  }

  private update(runId: string, change: (run: TestRunRecord) => unknown): void {
    const run = this.byId.get(runId);
    if (run) change(run);
  }
}
