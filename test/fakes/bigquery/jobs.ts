/** Jobs of the fake: finished ones hold their rows for paging, the slow one runs until cancelled. */
import type { Outcome } from './statements.js';

export interface FakeJob {
  id: string;
  sql: string;
  state: 'RUNNING' | 'DONE';
  outcome: Outcome;
  cancelled: boolean;
  /** jobTimeoutMs as the client sent it (recorded, not enforced: the tests must not depend on timing). */
  jobTimeoutMs?: string;
  waiters: Set<() => void>;
}

export class JobStore {
  readonly jobs = new Map<string, FakeJob>();
  readonly cancels: string[] = [];
  #next = 0;

  create(sql: string, outcome: Outcome, jobTimeoutMs?: string): FakeJob {
    const id = `job_fake_${++this.#next}`;
    const job: FakeJob = {
      id,
      sql,
      state: outcome.kind === 'slow' ? 'RUNNING' : 'DONE',
      outcome,
      cancelled: false,
      jobTimeoutMs,
      waiters: new Set(),
    };
    this.jobs.set(id, job);
    return job;
  }

  cancel(id: string, record = true): FakeJob | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    if (record) this.cancels.push(id);
    if (job.state === 'RUNNING') {
      job.state = 'DONE';
      job.cancelled = true;
      for (const wake of job.waiters) wake();
      job.waiters.clear();
    }
    return job;
  }

  /** Waits until the job ends or `ms` pass (a held getQueryResults, as BigQuery's `timeoutMs` wait). */
  waitFor(job: FakeJob, ms: number): Promise<void> {
    if (job.state === 'DONE') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        job.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      job.waiters.add(done);
    });
  }

  running(): number {
    return [...this.jobs.values()].filter((job) => job.state === 'RUNNING').length;
  }

  /** Ends every running job (server shutdown). */
  stopAll(): void {
    for (const job of this.jobs.values()) if (job.state === 'RUNNING') this.cancel(job.id, false);
  }
}
