import { describe, expect, it } from 'vitest';
import { ConcurrencySlots, SlotLease } from '../../src/core/concurrency.js';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('concurrency slots', () => {
  it('hands slots out synchronously up to the limit, then first in, first out', async () => {
    const slots = new ConcurrencySlots(2);
    expect(slots.acquire()).toBeUndefined();
    expect(slots.acquire()).toBeUndefined();
    const order: number[] = [];
    void slots.acquire()!.then(() => order.push(3));
    void slots.acquire()!.then(() => order.push(4));
    expect(slots.inUse).toBe(2);
    slots.release();
    await settle();
    expect(order).toEqual([3]);
    slots.release();
    await settle();
    expect(order).toEqual([3, 4]);
    slots.release();
    slots.release();
    expect(slots.inUse).toBe(0);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new ConcurrencySlots(0)).toThrow(TypeError);
    expect(() => new ConcurrencySlots(1.5)).toThrow(TypeError);
  });

  it('gives the slot back while a lease waits and takes it again after', async () => {
    const slots = new ConcurrencySlots(1);
    const parent = new SlotLease(slots);
    expect(parent.start()).toBeUndefined();
    const child = new SlotLease(slots);
    let childRan = false;
    const waited = parent.suspend(async () => {
      await child.start();
      childRan = true;
      child.end();
      return 'child done';
    });
    expect(await waited).toBe('child done');
    expect(childRan).toBe(true);
    expect(slots.inUse).toBe(1); // the parent holds it again
    parent.end();
    expect(slots.inUse).toBe(0);
  });

  it('releases once for parallel waits of one lease and never reacquires after the lease ended', async () => {
    const slots = new ConcurrencySlots(1);
    const lease = new SlotLease(slots);
    lease.start();
    let finish!: () => void;
    const blocker = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const first = lease.suspend(() => blocker);
    const second = lease.suspend(() => blocker);
    expect(slots.inUse).toBe(0);
    lease.end();
    finish();
    await Promise.all([first, second]);
    await settle();
    expect(slots.inUse).toBe(0);
  });
});
