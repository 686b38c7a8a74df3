import type { ChildTasks, Logger, LogRecord, MetadataValue, RunMetadata, WaitApi } from './context.js';
import type { DatataskError } from './errors.js';
import { createRunLogger } from './logger.js';
import { createRunMetadata } from './metadata.js';
import { collectSecrets, createRedactor, type Redactor } from './redact.js';
import type { RunEnvironment, RunSetup } from './run-environment.js';
import { emitSafely } from './safe-emit.js';
import { createWaitApi } from './wait.js';

const ignore = (): void => {};

/**
 * Everything one run owns across its attempts. The abort controller, redactor and services are built on first
 * use, so a no-op run allocates almost nothing beyond its result.
 */
export class RunState {
  attempt = 0;
  /** Why the run was aborted (TIMEOUT, ABORTED, RUNNER_CLOSED), once it was. */
  abortError: DatataskError | undefined;
  private controllerInstance: AbortController | undefined;
  private rejectAttempt: ((error: DatataskError) => void) | undefined;
  private redactorInstance: Redactor | undefined;
  private redactApiInstance: { addSecrets(...values: Array<string | undefined | null>): void } | undefined;
  private loggerInstance: Logger | undefined;
  private metadataInstance: RunMetadata | undefined;
  private waitInstance: WaitApi | undefined;
  private childrenInstance: ChildTasks | undefined;
  private waitSignalInstance: AbortSignal | undefined;

  constructor(
    readonly setup: RunSetup,
    readonly env: RunEnvironment,
    readonly rawPayload: unknown,
  ) {}

  get runId(): string {
    return this.setup.runId;
  }

  get taskId(): string {
    return this.setup.taskId;
  }

  /** The run's signal (`ctx.signal`); aborted with `abortError`. */
  get signal(): AbortSignal {
    if (!this.controllerInstance) {
      this.controllerInstance = new AbortController();
      if (this.abortError) this.controllerInstance.abort(this.abortError);
    }
    return this.controllerInstance.signal;
  }

  /** Aborts the run: its signal, the attempt in progress (even one ignoring the signal), and its waits. */
  abort(error: DatataskError): void {
    if (this.abortError) return;
    this.abortError = error;
    this.controllerInstance?.abort(error);
    this.rejectAttempt?.(error);
  }

  /** Settles like `promise`, or rejects with the abort error as soon as the run is aborted. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.abortError) {
      promise.catch(ignore); // the run may still reject later; nobody listens any more
      return Promise.reject(this.abortError);
    }
    return new Promise<T>((resolve, reject) => {
      this.rejectAttempt = reject;
      promise.then(resolve, reject);
    });
  }

  /** Credentials in the payload are masked wherever they would leave the run. */
  get redactor(): Redactor {
    this.redactorInstance ??= createRedactor(collectSecrets(this.rawPayload));
    return this.redactorInstance;
  }

  /** `ctx.redact`: only the one method, not the whole redactor. */
  get redactApi(): { addSecrets(...values: Array<string | undefined | null>): void } {
    this.redactApiInstance ??= { addSecrets: (...values) => this.redactor.addSecrets(...values) };
    return this.redactApiInstance;
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

  throwIfAborted(): void {
    if (this.abortError) throw this.abortError;
  }

  emitLog(record: LogRecord): void {
    emitSafely(this.env.events, 'log', record);
    if (!this.env.logSink) return;
    try {
      this.env.logSink(record);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
