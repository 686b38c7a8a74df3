/** Collects everything a scenario lets out (logs, metadata, errors with their cause chains, output) as strings. */
import type { IntrospectRun } from '../tasks/introspect-harness.js';

export interface Capture {
  strings: string[];
  add(label: string, value: unknown): void;
  addError(label: string, error: unknown): void;
  addRun(label: string, run: IntrospectRun): void;
  /** Every captured string containing one of `secrets` in any of its forms (see secretForms), named by label. */
  hits(secrets: string[]): string[];
}

/**
 * The forms a secret can leak in: raw, percent-encoded (component, userinfo and form encoding), JSON-escaped, and
 * base64 at each of the three byte alignments (the characters that depend on the secret alone), so a secret inside a
 * larger base64 blob (a Basic auth header, an encoded payload) is found too.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  const userinfo = new URL('x://h');
  userinfo.password = secret;
  forms.add(userinfo.password);
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  const bytes = Buffer.from(secret);
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    if (core.length >= 8) {
      forms.add(core);
      forms.add(core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms];
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
      const forms = secrets.map((secret) => ({ secret, forms: secretForms(secret) }));
      for (const { label, text } of labelled) {
        for (const { secret, forms: all } of forms) {
          const form = all.find((candidate) => text.includes(candidate));
          if (form !== undefined)
            found.push(`${label}: ${secret.slice(0, 12)}... (${form === secret ? 'raw' : 'encoded'})`);
        }
      }
      return found;
    },
  };
  return capture;
}
