import { isSecretKey, isSecretReference, REDACTED } from './redact.js';

/** A password inside a URL: scheme://user:password@host. */
const urlWithPassword = /[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:[^@/?#\s]+@/i;
const pemPrivateKey = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;
/** A service-account key as JSON text (BigQuery, GCP). */
const serviceAccountJson = /"private_key"\s*:/;

function secretInText(text: string): boolean {
  return urlWithPassword.test(text) || pemPrivateKey.test(text) || serviceAccountJson.test(text);
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function walk(value: unknown, path: string, underSecretKey: boolean, found: string[], seen: WeakSet<object>): void {
  if (typeof value === 'string') {
    if (value === '' || value === REDACTED) return;
    if (underSecretKey || secretInText(value)) found.push(path || '(root)');
    return;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (underSecretKey) found.push(path || '(root)');
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isSecretReference(value)) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      walk(value[index], childPath(path, index), underSecretKey, found, seen);
    }
    return;
  }
  const before = found.length;
  for (const [key, inner] of Object.entries(value)) {
    walk(inner, childPath(path, key), isSecretKey(key), found, seen);
  }
  // A secret object with no secret-named field inside (e.g. a custom key object) is reported whole.
  if (underSecretKey && found.length === before && Object.keys(value).length > 0 && !looksHarmless(value)) {
    found.push(path || '(root)');
  }
}

/** Objects under a secret-named key that carry no secret: connection settings such as a DuckDB path. */
function looksHarmless(value: object): boolean {
  return 'type' in value;
}

/**
 * Paths of the inline secrets in a payload (`dataSource.credentials.password`, `dataSources[1].credentials.url`):
 * non-empty values under secret-named keys (password, token, privateKey, serviceAccountKey, ...), passwords inside
 * URLs, PEM private keys and service-account JSON anywhere. Credential references (`{ ref: 'env:PG_URL' }`) are
 * not secrets. Pure: for warnings before a payload is stored by a platform or a queue.
 */
export function findInlineSecrets(payload: unknown): string[] {
  const found: string[] = [];
  walk(payload, '', false, found, new WeakSet());
  return found;
}
