/** Small shared pieces of the fault tests: catalog comparison, a hang detector, typed-outcome checks. */
import { expect } from 'vitest';
import { DatataskError, TimeoutError } from '../../src/core/errors.js';
import type { IntrospectRun } from '../tasks/introspect-harness.js';

/** The catalog as JSON without its timestamp, for comparing runs. */
export function catalogFingerprint(run: IntrospectRun): string {
  if (!run.result.ok) return '';
  const { catalog, warnings } = run.result.output;
  return JSON.stringify({ catalog: { ...catalog, introspectedAt: undefined }, warnings });
}

/**
 * Rejects when `promise` has not settled by `deadlineMs`: a hang detector, not a speed assertion. The deadline is
 * several times the configured timeout, so only a call that ignores its timeout trips it.
 */
export async function settlesWithin<T>(promise: Promise<T>, deadlineMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`HANG: ${what} did not settle within ${deadlineMs} ms`)), deadlineMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The error a call rejected with (fails the test when it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it resolved');
}

/** An AbortSignal aborted with a typed TIMEOUT after `ms`, as the task's own attempt timeout does. */
export function timeoutSignal(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(`gave up after ${ms} ms`)), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** A run ended either as the clean run did, or failed with a typed error: never a different success. */
export function expectCleanOrTyped(run: IntrospectRun, clean: string): 'ok' | 'failed' {
  if (run.result.ok) {
    expect(run.result.output.success).toBe(true);
    expect(catalogFingerprint(run)).toBe(clean);
    return 'ok';
  }
  expect(run.result.error).toBeInstanceOf(DatataskError);
  expect(run.result.error.code).toMatch(/^[A-Z_]+$/);
  return 'failed';
}

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition never held: ${what}`);
}
