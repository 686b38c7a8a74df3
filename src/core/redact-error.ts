import type { Redactor } from './redact.js';

/** How deep a `cause` chain is copied; deeper causes are dropped rather than leaked unredacted. */
const maxCauseDepth = 5;

function redactErrorObject<E extends Error>(error: E, redactor: Redactor, depth: number): E {
  // Same prototype, so `instanceof` and the `code` of typed errors still hold.
  const copy = Object.create(Object.getPrototypeOf(error)) as E;
  for (const key of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
    if (!('value' in descriptor)) continue; // accessors are not copied: they could read secrets back
    const value: unknown = descriptor.value;
    let redacted: unknown;
    if (key === 'message' || key === 'stack') {
      redacted = typeof value === 'string' ? redactor.redactText(value) : value;
    } else if (key === 'cause') {
      if (depth >= maxCauseDepth) redacted = undefined;
      else redacted = value instanceof Error ? redactErrorObject(value, redactor, depth + 1) : redactor.redact(value);
    } else {
      redacted = redactor.redact(value);
    }
    Object.defineProperty(copy, key, { ...descriptor, value: redacted });
  }
  return copy;
}

/**
 * A copy of `error` whose message, stack, details and cause chain have every secret the redactor knows masked.
 * The original is left alone (it may be shared, e.g. a driver's error object).
 */
export function redactError<E extends Error>(error: E, redactor: Redactor): E {
  return redactErrorObject(error, redactor, 0);
}

/** A driver error made safe to keep as a `cause`: a redacted copy of an Error, a redacted value otherwise. */
export function redactCause(cause: unknown, redactor: Redactor): unknown {
  return cause instanceof Error ? redactError(cause, redactor) : redactor.redact(cause);
}
