/** Collects everything a scenario lets out (logs, metadata, errors with their cause chains, output) as strings. */
import type { IntrospectRun } from '../tasks/introspect-harness.js';

export interface Capture {
  strings: string[];
  add(label: string, value: unknown): void;
  addError(label: string, error: unknown): void;
  addRun(label: string, run: IntrospectRun): void;
  /** Every captured string containing one of `secrets`, named by label. */
  hits(secrets: string[]): string[];
}

/** JSON that survives cycles, bigints and class instances. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(value, (_key, inner: unknown) => {
      if (typeof inner === 'bigint') return inner.toString();
      if (inner && typeof inner === 'object') {
        if (seen.has(inner)) return '[cycle]';
        seen.add(inner);
      }
      return inner;
    });
  } catch {
    return String(value);
  }
}

export function createCapture(): Capture {
  const labelled: Array<{ label: string; text: string }> = [];
  const capture: Capture = {
    strings: [],
    add(label, value) {
      const text = typeof value === 'string' ? value : safeJson(value);
      labelled.push({ label, text });
      capture.strings.push(text);
    },
    addError(label, error) {
      // The whole cause chain: a driver error kept as `cause` reaches whoever logs the error.
      let current: unknown = error;
      for (let depth = 0; depth < 6 && current; depth++) {
        if (current instanceof Error) {
          capture.add(`${label} cause ${depth} message`, current.message);
          capture.add(`${label} cause ${depth} stack`, current.stack ?? '');
          capture.add(`${label} cause ${depth} fields`, { ...current });
          current = (current as { cause?: unknown }).cause;
        } else {
          capture.add(`${label} cause ${depth}`, current);
          break;
        }
      }
    },
    addRun(label, run) {
      for (const record of run.logs) capture.add(`${label} log`, record);
      for (const metadata of run.metadata) capture.add(`${label} metadata`, metadata);
      for (const error of run.errors) capture.add(`${label} attempt error`, error);
      if (run.result.ok) capture.add(`${label} output`, run.result.output);
      else {
        capture.add(`${label} error`, run.result.error.toJSON());
        capture.addError(`${label} error`, run.result.error);
      }
    },
    hits(secrets) {
      const found: string[] = [];
      for (const { label, text } of labelled) {
        for (const secret of secrets) if (text.includes(secret)) found.push(`${label}: ${secret.slice(0, 12)}...`);
      }
      return found;
    },
  };
  return capture;
}
