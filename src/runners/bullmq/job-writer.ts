import type { Job } from 'bullmq';
import type { MetadataValue } from '../../core/context.js';
import type { QueueSet } from './queue-set.js';
import { type JobProgressData, runEventName, type WireError, type WireRunEvent } from './wire.js';

/**
 * Writes what a run reports to Redis, one write after the other so producers see events in the order the run
 * made them, and all of them before the job's completion. Everything written was redacted by the run first.
 */
export class JobWriter {
  private chain: Promise<void> = Promise.resolve();
  private failed: unknown;
  private latest: Record<string, MetadataValue> = {};

  constructor(
    private readonly job: Job,
    private readonly queues: QueueSet,
  ) {}

  metadata(snapshot: Record<string, MetadataValue>): void {
    this.latest = snapshot;
    const progress: JobProgressData = { metadata: snapshot };
    this.enqueue(() => this.job.updateProgress(progress as never));
  }

  event(event: WireRunEvent): void {
    const data = JSON.stringify(event);
    this.enqueue(() => this.queues.publish(this.job.queueName, { eventName: runEventName, data }));
  }

  /** Stores the run's typed error on the job, where producers read it when the job fails. */
  failure(error: WireError): void {
    const progress: JobProgressData = { metadata: this.latest, failure: error };
    this.enqueue(() => this.job.updateProgress(progress as never));
  }

  /** Resolves once every write is done; rejects with the first write that failed. */
  async flush(): Promise<void> {
    await this.chain;
    if (this.failed !== undefined) throw this.failed;
  }

  private enqueue(write: () => Promise<unknown>): void {
    this.chain = this.chain.then(async () => {
      if (this.failed !== undefined) return;
      try {
        await write();
      } catch (error) {
        this.failed = error;
      }
    });
  }
}
