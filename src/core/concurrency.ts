/**
 * A counting semaphore for run slots. `acquire` returns undefined when a slot is free (no promise on the hot
 * path) and a promise otherwise; waiters are served first in, first out.
 */
export class ConcurrencySlots {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new TypeError(`concurrency must be a positive integer, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  acquire(): Promise<void> | undefined {
    if (this.active < this.limit) {
      this.active++;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    if (this.head < this.waiters.length) {
      const next = this.waiters[this.head]!;
      this.head++;
      // Compacts the queue now and then instead of shifting on every release.
      if (this.head > 1024 && this.head * 2 > this.waiters.length) {
        this.waiters.splice(0, this.head);
        this.head = 0;
      }
      next(); // the slot passes straight to the waiter
      return;
    }
    this.active--;
  }
}

/**
 * One run's hold on a slot. While the run only waits (a duration, a token, a child run, a retry delay) it gives
 * its slot back, so a parent waiting for children cannot starve them (Trigger.dev's checkpointing).
 */
export class SlotLease {
  private held = false;
  private waitDepth = 0;
  private ended = false;
  private reacquiring: Promise<void> | undefined;

  constructor(private readonly slots: ConcurrencySlots) {}

  /** Takes the run's first slot. */
  start(): Promise<void> | undefined {
    const pending = this.slots.acquire();
    if (!pending) {
      this.held = true;
      return undefined;
    }
    return pending.then(() => {
      this.held = true;
    });
  }

  /** Runs `wait` without holding a slot, then takes one again before returning. */
  async suspend<T>(wait: () => Promise<T>): Promise<T> {
    this.waitDepth++;
    if (this.held) {
      this.held = false;
      this.slots.release();
    }
    try {
      return await wait();
    } finally {
      this.waitDepth--;
      if (this.waitDepth === 0 && !this.held && !this.ended) await this.reacquire();
    }
  }

  /** Gives the slot back for good. */
  end(): void {
    this.ended = true;
    if (this.held) {
      this.held = false;
      this.slots.release();
    }
  }

  private reacquire(): Promise<void> {
    this.reacquiring ??= (async () => {
      const pending = this.slots.acquire();
      if (pending) await pending;
      this.reacquiring = undefined;
      // Another branch of the run may have started waiting, or the run ended, meanwhile.
      if (this.waitDepth > 0 || this.ended) this.slots.release();
      else this.held = true;
    })();
    return this.reacquiring;
  }
}
