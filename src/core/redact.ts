import { anyTextChanges, type ScanRules, shapedText } from './redaction-scan.js';
import { maskUrlSecrets, mayHoldUrlSecrets, urlSecrets } from './url-secrets.js';

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

/**
 * Which keys of an object hold identifiers (names, type names) rather than free text, for objects so large that
 * walking every string costs more than reading them (a 50,000-table catalog). Attach with `withRedactionShape`.
 * Every key not listed in `identifiers` is still redacted as usual (a field added later is covered too); `nested`
 * gives the shape of an object-valued key, or of each item of an array-valued key.
 */
export interface RedactionShape {
  identifiers: ReadonlySet<string>;
  nested?: Readonly<Record<string, RedactionShape>>;
}

const shapeKey = Symbol.for('datatasks.redactionShape');

/** Marks `value` (not a copy) with its redaction shape, as a non-enumerable symbol: JSON and copies drop it. */
export function withRedactionShape<T extends object>(value: T, shape: RedactionShape): T {
  Object.defineProperty(value, shapeKey, { value: shape, enumerable: false, configurable: true });
  return value;
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

/**
 * The characters of a secret's base64 encoding that depend on the secret alone, at each of the three byte
 * alignments it can have inside a larger encoded blob (a Basic auth header, an encoded payload).
 */
function base64Forms(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = btoa('\0'.repeat(offset) + binary);
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    // Shorter cores would match unrelated text.
    if (core.length >= 8) forms.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** How a secret reads percent-encoded in a URL's user info (WHATWG encodes fewer characters than encodeURIComponent). */
function userinfoForm(value: string): string {
  const url = new URL('x://h');
  url.password = value;
  return url.password;
}

/**
 * Replaces every occurrence of every secret, found in the original text: overlapping secrets (one password's tail
 * is another's head) merge into one mask instead of the first replacement hiding the second from the search.
 */
function maskKnown(text: string, secrets: string[]): string {
  const ranges: Array<[number, number]> = [];
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at !== -1; at = text.indexOf(secret, at + 1)) {
      ranges.push([at, at + secret.length]);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  let [start, end] = ranges[0]!;
  for (const [from, to] of ranges) {
    if (from <= end) {
      end = Math.max(end, to);
      continue;
    }
    out += `${text.slice(cursor, start)}${REDACTED}`;
    cursor = end;
    [start, end] = [from, to];
  }
  return `${out}${text.slice(cursor, start)}${REDACTED}${text.slice(end)}`;
}

export function createRedactor(initialSecrets: Iterable<string> = []): Redactor {
  const secrets = new Set<string>();
  // As an array, rebuilt once per change rather than per string.
  let ordered: string[] = [];
  const listSecrets = () => {
    ordered = [...secrets];
  };

  const addSecrets = (...values: Array<string | undefined | null>): void => {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < minSecretLength) continue;
      secrets.add(value);
      // JSON-escaped and URL-encoded forms leak too.
      const jsonForm = JSON.stringify(value).slice(1, -1);
      if (jsonForm !== value) secrets.add(jsonForm);
      for (const form of [
        encodeURIComponent(value),
        userinfoForm(value),
        new URLSearchParams({ s: value }).toString().slice(2),
        ...base64Forms(value),
      ]) {
        if (form !== value) secrets.add(form);
      }
      // Each line of a multi-line secret (PEM keys) counts on its own.
      if (value.includes('\n')) {
        for (const line of value.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) secrets.add(line);
      }
    }
    listSecrets();
  };
  addSecrets(...initialSecrets);

  const redactText = (text: string): string => {
    // Shorter than any secret searched for, and too short for a URL with a password or a `k=v` pair worth masking.
    if (text.length < minSecretLength) return text;
    // Known secrets first: a URL pattern applied first could cut a known secret in two and leave its tail.
    return maskUrlSecrets(maskKnown(text, ordered), REDACTED);
  };

  // Object keys repeat (a catalog has 50,000 `name` keys): decide each distinct key once.
  const keyVerdicts = new Map<string, boolean>();
  const secretKey = (key: string): boolean => {
    let verdict = keyVerdicts.get(key);
    if (verdict === undefined) {
      verdict = isSecretKey(key);
      if (keyVerdicts.size < 10_000) keyVerdicts.set(key, verdict);
    }
    return verdict;
  };

  // Copy-on-write: an object or array is copied only when something inside it changes, so redacting a large
  // output (a 5,000-table catalog) with nothing secret in it allocates nothing.
  const walk = (value: unknown, seen: Map<object, unknown>): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return seen.get(value);
    if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
    seen.set(value, value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        // Numbers and booleans cannot change: skip the call.
        const redacted = typeof item === 'object' || typeof item === 'string' ? walk(item, seen) : item;
        if (redacted !== item && !copy) copy = value.slice(0, i);
        copy?.push(redacted);
      }
      if (copy) seen.set(value, copy);
      return copy ?? value;
    }
    const shape = (value as { [shapeKey]?: RedactionShape })[shapeKey];
    // A large shaped tree with nothing to mask (the usual catalog) is searched in one pass and returned as it is.
    if (shape && !(value instanceof Error)) {
      const texts = shapedText(value as Record<string, unknown>, shape, scanRules);
      if (texts && !anyTextChanges(texts, redactText)) return value;
    }
    const copy =
      value instanceof Error
        ? walkError(value, seen)
        : shape
          ? walkShaped(value as Record<string, unknown>, shape, seen)
          : walkObject(value as Record<string, unknown>, seen);
    if (copy) seen.set(value, copy);
    return copy ?? value;
  };

  const masksWhole = (key: string, inner: unknown): boolean =>
    secretKey(key) && inner != null && typeof inner !== 'boolean' && !isSecretReference(inner);
  const scanRules: ScanRules = { masksWhole, minLength: minSecretLength };

  const redactEntry = (key: string, inner: unknown, seen: Map<object, unknown>): unknown =>
    masksWhole(key, inner)
      ? REDACTED
      : typeof inner === 'object' || typeof inner === 'string'
        ? walk(inner, seen)
        : inner;

  /** A plain object: a copy when something changed, else undefined. `for...in` allocates no entry arrays. */
  const walkObject = (value: Record<string, unknown>, seen: Map<object, unknown>) => {
    let copy: Record<string, unknown> | undefined;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const inner = value[key];
      const redacted = redactEntry(key, inner, seen);
      if (redacted === inner) continue;
      // Later keys are copied as they are and overwritten if they change too.
      copy ??= Object.fromEntries(Object.entries(value));
      copy[key] = redacted;
    }
    return copy;
  };

  /** Like walkObject, skipping the shape's identifier keys and following its nested shapes (plain trees). */
  const walkShaped = (
    value: Record<string, unknown>,
    shape: RedactionShape,
    seen: Map<object, unknown>,
  ): Record<string, unknown> | undefined => {
    let copy: Record<string, unknown> | undefined;
    for (const key in value) {
      if (!Object.hasOwn(value, key) || shape.identifiers.has(key)) continue;
      const inner = value[key];
      const nested = shape.nested?.[key];
      let redacted: unknown;
      if (nested && Array.isArray(inner)) redacted = walkShapedItems(inner, nested, seen);
      else if (nested && inner !== null && typeof inner === 'object') {
        redacted = walkShaped(inner as Record<string, unknown>, nested, seen) ?? inner;
      } else redacted = redactEntry(key, inner, seen);
      if (redacted === inner) continue;
      copy ??= Object.fromEntries(Object.entries(value));
      copy[key] = redacted;
    }
    return copy;
  };

  const walkShapedItems = (items: unknown[], shape: RedactionShape, seen: Map<object, unknown>): unknown[] => {
    let copy: unknown[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const redacted =
        item !== null && typeof item === 'object' && !Array.isArray(item)
          ? (walkShaped(item as Record<string, unknown>, shape, seen) ?? item)
          : walk(item, seen);
      if (redacted !== item && !copy) copy = items.slice(0, i);
      copy?.push(redacted);
    }
    return copy ?? items;
  };

  const walkError = (value: Error, seen: Map<object, unknown>): Record<string, unknown> => {
    const copy: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    for (const [key, inner] of Object.entries(value)) copy[key] = redactEntry(key, inner, seen);
    return copy;
  };

  return {
    addSecrets,
    redactText,
    redact: <T>(value: T): T => walk(value, new Map()) as T,
  };
}

/**
 * Collects every string value under a secret key, and every secret inside URL-like strings (a `url`, `host` or
 * `path` field, or any `scheme://` string: user-info passwords and secret query parameters), e.g. to feed a
 * redactor from credentials before anything connects.
 */
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
    } else if (typeof inner === 'string') {
      if (mayHoldUrlSecrets(key, inner)) out.push(...urlSecrets(inner));
    } else {
      collectSecrets(inner, out, seen);
    }
  }
  return out;
}
