import { abortReason } from './clock.js';
import type { ChildTasks, Logger, LogRecord, MetadataValue, RunContext, RunMetadata, WaitApi } from './context.js';
import { createRunLogger } from './logger.js';
import { createRunMetadata } from './metadata.js';
import { collectSecrets, createRedactor, type Redactor } from './redact.js';
import type { RunEnvironment, RunSetup } from './run-environment.js';
import { emitSafely } from './safe-emit.js';
import { createWaitApi } from './wait.js';

/** Everything one run owns across its attempts. Services are built on first use to keep no-op runs cheap. */
export class RunState {
  attempt = 0;
  readonly redactor: Redactor;
  private loggerInstance: Logger | undefined;
  private metadataInstance: RunMetadata | undefined;
  private waitInstance: WaitApi | undefined;
  private childrenInstance: ChildTasks | undefined;
  private waitSignalInstance: AbortSignal | undefined;

  constructor(
    readonly setup: RunSetup,
    readonly env: RunEnvironment,
    payload: unknown,
  ) {
    // Credentials in the payload are masked wherever they would leave the run.
    this.redactor = createRedactor(collectSecrets(payload));
  }

  get runId(): string {
    return this.setup.runId;
  }

  get taskId(): string {
    return this.setup.taskId;
  }

  get controller(): AbortController {
    return this.setup.controller;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get logger(): Logger {
    this.loggerInstance ??= createRunLogger(
      this,
      this.redactor,
      () => this.env.clock.now(),
      (record) => this.emitLog(record),
    );
    return this.loggerInstance;
  }

  get metadata(): RunMetadata {
    this.metadataInstance ??= createRunMetadata(this.redactor, (metadata: Record<string, MetadataValue>) =>
      emitSafely(this.env.events, 'metadata', { runId: this.runId, taskId: this.taskId, metadata }),
    );
    return this.metadataInstance;
  }

  get wait(): WaitApi {
    this.waitInstance ??= createWaitApi({
      clock: this.env.clock,
      tokens: this.env.tokens,
      signal: () => this.waitSignal,
      suspend: (wait) => this.setup.lease.suspend(wait),
    });
    return this.waitInstance;
  }

  get children(): ChildTasks {
    this.childrenInstance ??= this.env.childTasks(this.runId, this.setup.lease);
    return this.childrenInstance;
  }

  /** Aborted with the run, or when the runner closes (a pending wait must not hold close() forever). */
  get waitSignal(): AbortSignal {
    this.waitSignalInstance ??= AbortSignal.any([this.signal, this.env.closeSignal]);
    return this.waitSignalInstance;
  }

  /** Rejects with the run's abort reason, if aborted. */
  throwIfAborted(): void {
    if (this.signal.aborted) throw abortReason(this.signal);
  }

  emitLog(record: LogRecord): void {
    emitSafely(this.env.events, 'log', record);
    if (this.env.logSink) {
      try {
        this.env.logSink(record);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** The `ctx` of the current attempt. */
  createContext(): RunContext {
    const state = this;
    return {
      runId: state.runId,
      taskId: state.taskId,
      attempt: state.attempt,
      signal: state.signal,
      get logger() {
        return state.logger;
      },
      get metadata() {
        return state.metadata;
      },
      get wait() {
        return state.wait;
      },
      redact: { addSecrets: (...values) => state.redactor.addSecrets(...values) },
      trigger: (task, payload, options) => state.children.trigger(task, payload, options),
      triggerAndWait: (task, payload, options) => state.children.triggerAndWait(task, payload, options),
      batchTrigger: (task, items) => state.children.batchTrigger(task, items),
      batchTriggerAndWait: (task, items) => state.children.batchTriggerAndWait(task, items),
    };
  }
}
