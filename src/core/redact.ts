/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets wherever they appear (compared case-insensitively, ignoring `_` and `-`). */
const secretKeys = new Set([
  'password',
  'passwd',
  'pwd',
  'token',
  'accesstoken',
  'refreshtoken',
  'apikey',
  'secret',
  'clientsecret',
  'privatekey',
  'privatekeypass',
  'privatekeypassphrase',
  'passphrase',
  'serviceaccountkey',
  'credentials',
  'keyfile',
  'authorization',
]);

export function isSecretKey(key: string): boolean {
  return secretKeys.has(key.toLowerCase().replace(/[-_]/g, ''));
}

/** `{ ref: 'scheme:id' }` (optionally with `type: 'reference'`): names a secret, carries none, so it stays readable. */
export function isSecretReference(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const { ref, type, ...rest } = value as Record<string, unknown>;
  return typeof ref === 'string' && (type === undefined || type === 'reference') && Object.keys(rest).length === 0;
}

/** Secrets shorter than this are not searched for inside free text (too many false hits, e.g. "a"). */
const minSecretLength = 4;

/**
 * Removes secrets from any value: object keys that name secrets are replaced, and every known secret string is
 * masked wherever it occurs in free text (error messages, SQL, URLs). Cycles and class instances are handled.
 */
export interface Redactor {
  /** Adds secret values to mask in free text (e.g. a password, a token, a private key). */
  addSecrets(...values: Array<string | undefined | null>): void;
  /** Masks known secrets and URL passwords in a string. */
  redactText(text: string): string;
  /** Deep copy of `value` with secret keys replaced and secret text masked. */
  redact<T>(value: T): T;
}

const urlPassword = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)([^@/?#\s]+)(@)/gi;

export function createRedactor(initialSecrets: Iterable<string> = []): Redactor {
  const secrets = new Set<string>();
  // Longest first, so a secret containing another is masked whole; sorted once per change, not per string.
  let ordered: string[] = [];
  const sortSecrets = () => {
    ordered = [...secrets].sort((a, b) => b.length - a.length);
  };

  const addSecrets = (...values: Array<string | undefined | null>): void => {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < minSecretLength) continue;
      secrets.add(value);
      // JSON-escaped and URL-encoded forms leak too.
      const jsonForm = JSON.stringify(value).slice(1, -1);
      if (jsonForm !== value) secrets.add(jsonForm);
      const encoded = encodeURIComponent(value);
      if (encoded !== value) secrets.add(encoded);
      // Each line of a multi-line secret (PEM keys) counts on its own.
      if (value.includes('\n')) {
        for (const line of value.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) secrets.add(line);
      }
    }
    sortSecrets();
  };
  addSecrets(...initialSecrets);

  const redactText = (text: string): string => {
    let out = text.includes('://') ? text.replace(urlPassword, `$1${REDACTED}$3`) : text;
    for (const secret of ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  };

  // Copy-on-write: an object or array is copied only when something inside it changes, so redacting a large
  // output (a 5,000-table catalog) with nothing secret in it allocates nothing.
  const walk = (value: unknown, seen: WeakMap<object, unknown>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
    seen.set(value, value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const redacted = walk(item, seen);
        if (redacted !== item && !copy) copy = value.slice(0, i);
        copy?.push(redacted);
      }
      if (copy) seen.set(value, copy);
      return copy ?? value;
    }
    const isError = value instanceof Error;
    let copy: Record<string, unknown> | undefined = isError
      ? { name: value.name, message: redactText(value.message) }
      : undefined;
    const entries = Object.entries(value);
    for (let i = 0; i < entries.length; i++) {
      const [key, inner] = entries[i]!;
      const masked = isSecretKey(key) && inner != null && typeof inner !== 'boolean' && !isSecretReference(inner);
      const redacted = masked ? REDACTED : walk(inner, seen);
      if (redacted !== inner && !copy) copy = Object.fromEntries(entries.slice(0, i));
      if (copy) copy[key] = redacted;
    }
    if (copy) seen.set(value, copy);
    return copy ?? value;
  };

  return {
    addSecrets,
    redactText,
    redact: <T>(value: T): T => walk(value, new WeakMap()) as T,
  };
}

/** Collects every string value under a secret key, e.g. to feed a redactor from credentials. */
export function collectSecrets(value: unknown, out: string[] = [], seen = new WeakSet<object>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) {
    // An SSL client `key` is secret in credentials, though `key` alone is too common to redact everywhere.
    if ((isSecretKey(key) || key === 'key') && !isSecretReference(inner)) {
      if (typeof inner === 'string') out.push(inner);
      else if (inner && typeof inner === 'object') {
        out.push(JSON.stringify(inner));
        collectSecrets(inner, out, seen);
      }
    } else {
      collectSecrets(inner, out, seen);
    }
  }
  return out;
}
