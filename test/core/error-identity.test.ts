import { describe, expect, it } from 'vitest';
import * as errors from '../../src/core/errors.js';

// A second evaluation of the module, as the CJS and ESM builds (or two installed versions) are in one process.
const copy = (await import(/* @vite-ignore */ `../../src/core/errors.ts?copy=${Date.now()}`)) as typeof errors;

describe('error identity across copies of datatasks', () => {
  it('loads a distinct copy of the classes (the premise of the other tests)', () => {
    expect(copy.DatataskError).not.toBe(errors.DatataskError);
    expect(Object.getPrototypeOf(new copy.DatataskError('INTERNAL', 'x'))).not.toBe(errors.DatataskError.prototype);
  });

  it('recognises an error of the other copy with isDatataskError and instanceof, class by class', () => {
    const validation = new copy.ValidationError('payload', [{ path: 'a', message: 'bad', code: 'x' }]);
    expect(errors.isDatataskError(validation)).toBe(true);
    expect(validation instanceof errors.DatataskError).toBe(true);
    expect(validation instanceof errors.ValidationError).toBe(true);
    expect(validation instanceof errors.TimeoutError).toBe(false);
    expect(new copy.AbortError() instanceof errors.AbortError).toBe(true);
    expect(new copy.TimeoutError('slow') instanceof errors.TimeoutError).toBe(true);
    const nonRetriable = new copy.NonRetriableError('stop');
    expect(nonRetriable instanceof errors.NonRetriableError).toBe(true);
    expect(nonRetriable instanceof errors.ValidationError).toBe(false);
    expect(errors.isRetriable(nonRetriable)).toBe(false);
  });

  it('keeps a typed error of the other copy as it is in toDatataskError and throwIfAborted', () => {
    const timeout = new copy.TimeoutError('slow');
    expect(errors.toDatataskError(timeout)).toBe(timeout);
    const controller = new AbortController();
    controller.abort(timeout);
    expect(() => errors.throwIfAborted(controller.signal)).toThrow(timeout);
  });

  it('leaves plain errors, look-alikes and user subclasses to ordinary instanceof', () => {
    expect(errors.isDatataskError(new Error('x'))).toBe(false);
    expect(errors.isDatataskError({ code: 'INTERNAL', name: 'DatataskError' })).toBe(false);
    expect(errors.isDatataskError(null)).toBe(false);
    class MyError extends errors.DatataskError {}
    class OtherError extends errors.DatataskError {}
    expect(new MyError('INTERNAL', 'x') instanceof MyError).toBe(true);
    expect(new MyError('INTERNAL', 'x') instanceof OtherError).toBe(false);
    expect(new MyError('INTERNAL', 'x') instanceof copy.DatataskError).toBe(true);
  });

  it('adds nothing to what an error serialises to', () => {
    const error = new copy.ValidationError('payload', [{ path: 'a', message: 'bad', code: 'x' }]);
    expect(Object.keys(error)).not.toContain('kinds');
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
  });
});
