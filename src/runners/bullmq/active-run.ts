import type { Job } from 'bullmq';
import type { SlotLease } from '../../core/concurrency.js';
import type { ChildTasks } from '../../core/context.js';
import type { RunEnvironment } from '../../core/run-environment.js';
import type { RunState } from '../../core/run-state.js';
import { JobWriter } from './job-writer.js';
import type { QueueSet } from './queue-set.js';

/** What a job's run lends from its worker: the worker's environment, with child runs that know the attempt. */
export class JobEnvironment implements RunEnvironment {
  readonly clock: RunEnvironment['clock'];
  readonly events: RunEnvironment['events'];
  readonly random: RunEnvironment['random'];
  readonly tokens: RunEnvironment['tokens'];
  readonly closeSignal: AbortSignal;
  readonly logSink: RunEnvironment['logSink'];
  readonly observer: RunEnvironment['observer'];

  constructor(
    shared: Omit<RunEnvironment, 'childTasks'>,
    private readonly attempt: number,
    private readonly children: (parentRunId: string, attempt: number, lease: SlotLease) => ChildTasks,
  ) {
    this.clock = shared.clock;
    this.events = shared.events;
    this.random = shared.random;
    this.tokens = shared.tokens;
    this.closeSignal = shared.closeSignal;
    this.logSink = shared.logSink;
    this.observer = shared.observer;
  }

  childTasks(parentRunId: string, lease: SlotLease): ChildTasks {
    return this.children(parentRunId, this.attempt, lease);
  }
}

/**
 * A run in flight on this worker: its state (aborted by a cancel or a forced close) and its writer, made on the
 * first write, so a run that reports nothing allocates none.
 */
export class ActiveRun {
  /** While true (restoring the previous attempts' metadata), metadata changes are not written again. */
  restoring = false;
  private writerInstance: JobWriter | undefined;

  constructor(
    readonly job: Job,
    readonly state: RunState,
    private readonly queues: QueueSet,
  ) {}

  get writer(): JobWriter {
    this.writerInstance ??= new JobWriter(this.job, this.queues);
    return this.writerInstance;
  }

  /** Resolves once every write is done; rejects with the first write that failed. */
  async flush(): Promise<void> {
    if (this.writerInstance) await this.writerInstance.flush();
  }
}
