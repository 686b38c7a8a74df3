import { describe, expect, it } from 'vitest';
import { DatataskError, TimeoutError, ValidationError } from '../../src/core/errors.js';
import { createRedactor, REDACTED } from '../../src/core/redact.js';
import { redactError } from '../../src/core/redact-error.js';

describe('redactError', () => {
  const secret = 'h1-error-secret-value';
  const redactor = createRedactor([secret]);

  it('masks message, stack, details and the cause chain, keeping the class and code', () => {
    const driverError = Object.assign(new Error(`password authentication failed: ${secret}`), {
      code: '28P01',
      password: secret,
    });
    const error = new DatataskError('AUTH_FAILED', `login with ${secret} failed`, {
      cause: driverError,
      details: { url: `postgres://u:${secret}@h/db`, password: secret },
    });
    const copy = redactError(error, redactor);
    expect(copy).toBeInstanceOf(DatataskError);
    expect(copy.code).toBe('AUTH_FAILED');
    expect(copy.retriable).toBe(false);
    expect(copy.message).toBe(`login with ${REDACTED} failed`);
    expect(copy.stack).not.toContain(secret);
    expect(copy.details).toEqual({ url: `postgres://u:${REDACTED}@h/db`, password: REDACTED });
    const cause = copy.cause as Error & { code: string; password: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.message).toBe(`password authentication failed: ${REDACTED}`);
    expect(cause.code).toBe('28P01');
    expect(cause.password).toBe(REDACTED);
    expect(JSON.stringify(copy)).not.toContain(secret);
    // The original is untouched.
    expect(error.message).toContain(secret);
  });

  it('keeps subclasses and their own fields', () => {
    const validation = new ValidationError('payload', [{ path: 'password', message: `bad ${secret}`, code: 'custom' }]);
    const copy = redactError(validation, redactor);
    expect(copy).toBeInstanceOf(ValidationError);
    expect(copy.issues[0]!.message).toBe(`bad ${REDACTED}`);
    expect(redactError(new TimeoutError('slow'), redactor)).toBeInstanceOf(TimeoutError);
  });

  it('stops at a deep or cyclic cause chain', () => {
    const a = new Error(`a ${secret}`);
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    const copy = redactError(new DatataskError('INTERNAL', 'x', { cause: a }), redactor);
    expect(JSON.stringify(copy, ['message', 'cause'])).not.toContain(secret);
  });
});
