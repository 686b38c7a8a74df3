import type { MetadataValue, RunMetadata } from './context.js';
import { DatataskError, ErrorCode } from './errors.js';
import type { Redactor } from './redact.js';

/**
 * The run's `ctx.metadata` (Trigger.dev's metadata API). Values are redacted when stored, so whatever reads them
 * later (events, `current()`) never sees a secret; each change calls `onChange` with a snapshot.
 */
export function createRunMetadata(
  redactor: Redactor,
  onChange: (snapshot: Record<string, MetadataValue>) => void,
): RunMetadata {
  const store: Record<string, MetadataValue> = {};

  const numberAt = (key: string): number => {
    const value = store[key];
    if (value === undefined || value === null) return 0;
    if (typeof value !== 'number') {
      throw new DatataskError(ErrorCode.INVALID_INPUT, `metadata "${key}" is not a number, cannot increment it`);
    }
    return value;
  };

  const api: RunMetadata = {
    set(key, value) {
      store[key] = redactor.redact(value);
      onChange(api.current());
      return api;
    },
    del(key) {
      if (key in store) {
        delete store[key];
        onChange(api.current());
      }
      return api;
    },
    append(key, value) {
      const existing = store[key];
      const item = redactor.redact(value);
      // Arrays are replaced, not mutated, so earlier snapshots stay as they were.
      if (existing === undefined) store[key] = [item];
      else if (Array.isArray(existing)) store[key] = [...existing, item];
      else store[key] = [existing, item];
      onChange(api.current());
      return api;
    },
    increment(key, by = 1) {
      store[key] = numberAt(key) + by;
      onChange(api.current());
      return api;
    },
    decrement(key, by = 1) {
      return api.increment(key, -by);
    },
    current: () => ({ ...store }),
    get: (key) => store[key],
  };
  return api;
}
