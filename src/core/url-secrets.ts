/**
 * Secrets inside URL-like strings: the password of a `scheme://user:password@host` URL (also when it was not
 * percent-encoded, or was pasted into a host field without a scheme) and the values of secret-looking query
 * parameters (`?password=`, `?sslpassword=`, `?motherduck_token=`, any case).
 */

/** Query parameter names (lower-cased, without `_` and `-`) that carry a secret when they contain one of these. */
const secretParamParts = [
  'pass',
  'pwd',
  'token',
  'secret',
  'apikey',
  'accesskey',
  'privatekey',
  'sslkey',
  'signature',
  'credential',
];
const exactSecretParams = new Set(['key', 'sig', 'auth', 'authorization', 'jwt']);
/** Values that are settings, not secrets, even under a secret-looking name (`?key_check=true`). */
const settingValues = new Set(['true', 'false', 'on', 'off', 'yes', 'no', 'required', 'require', 'disable']);

export function isSecretParam(name: string): boolean {
  const normal = name.toLowerCase().replace(/[-_.\s]/g, '');
  return exactSecretParams.has(normal) || secretParamParts.some((part) => normal.includes(part));
}

function decoded(value: string, plusIsSpace: boolean): string | undefined {
  try {
    return decodeURIComponent(plusIsSpace ? value.replace(/\+/g, ' ') : value);
  } catch {
    return undefined;
  }
}

/** The raw and the decoded forms (a secret may be written either way where it leaks). */
function addForms(out: Set<string>, raw: string | undefined, plusIsSpace = false): void {
  if (!raw) return;
  out.add(raw);
  const plain = decoded(raw, false);
  if (plain) out.add(plain);
  const form = plusIsSpace ? decoded(raw, true) : undefined;
  if (form) out.add(form);
}

/** `a=b&c=d` (also `;`-separated): the values of secret-looking names. */
function queryParamSecrets(query: string, out: Set<string>): void {
  for (const pair of query.split(/[&;]/)) {
    const equals = pair.indexOf('=');
    if (equals <= 0) continue;
    const name = decoded(pair.slice(0, equals), true) ?? pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    if (isSecretParam(name) && !settingValues.has(value.toLowerCase())) addForms(out, value, true);
  }
}

/**
 * Every secret inside a URL-like string. The password is read strictly (WHATWG URL, as the drivers read it) and,
 * when an `@` shows up past the authority or the URL does not parse, leniently too (see lenientPassword), so an
 * unencoded `@`, `/`, `#`, `?` or `%` in a password does not leave its tail out of the redactor's view.
 */
export function urlSecrets(text: string): string[] {
  const out = new Set<string>();
  if (text.length > 16_384) return [];
  let strict: URL | undefined;
  try {
    strict = new URL(text);
    addForms(out, strict.password);
  } catch {
    // Not a URL to the WHATWG parser: only the lenient reading below applies.
  }
  // An @ after the authority (or no strict reading at all) means the user info may run past where the parser cut it.
  const ambiguous =
    !strict ||
    strict.pathname.includes('@') ||
    strict.hash.includes('@') ||
    [...strict.searchParams.keys()].some((key) => key.includes('@'));
  if (ambiguous) lenientPassword(text, out);
  const query = text.indexOf('?');
  if (query >= 0 && text.includes('=', query)) queryParamSecrets(text.slice(query + 1).split('#')[0]!, out);
  return [...out];
}

/** Everything between the first `:` of the user info and the last `@` (also with no scheme: `user:pw@host`). */
function lenientPassword(text: string, out: Set<string>): void {
  const schemeEnd = text.indexOf('://');
  const rest = schemeEnd >= 0 ? text.slice(schemeEnd + 3) : text;
  const at = rest.lastIndexOf('@');
  if (at <= 0) return;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return;
  addForms(out, userinfo.slice(colon + 1));
  // A driver reading strictly stops at the first `/`, `?` or `#`: that shorter password counts too.
  const authorityEnd = userinfo.search(/[/?#]/);
  if (authorityEnd > colon) {
    const head = userinfo.slice(0, authorityEnd);
    const headAt = head.lastIndexOf('@');
    addForms(out, head.slice(colon + 1, headAt > colon ? headAt : undefined));
  }
}

/** Keys whose string values may be URLs or host strings carrying secrets, though the key itself is not secret. */
const urlKeys = new Set([
  'url',
  'uri',
  'dsn',
  'host',
  'hostname',
  'server',
  'path',
  'connectionstring',
  'connectionurl',
  'databaseurl',
  'accessurl',
  'apiendpoint',
  'endpoint',
  'httppath',
]);

/** Whether a string under `key` should be searched for URL secrets. */
export function mayHoldUrlSecrets(key: string, value: string): boolean {
  if (!value.includes('@') && !value.includes('?')) return false;
  return urlKeys.has(key.toLowerCase().replace(/[-_]/g, '')) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim());
}

/** In free text: `scheme://user:` then the password, up to the last `@` before whitespace or a quote. */
const textUrlPassword = /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@"'<>]*:)([^\s"'<>]*)(@)/gi;
/** In free text: a `?`, `&` or `;`, a parameter name, `=`, and its value. */
const textQueryParam = /([?&;])([^=&#\s"'<>?;]+)=([^&#\s"'<>;]*)/g;

/** Masks URL passwords and secret query parameter values in free text, whoever wrote them. */
export function maskUrlSecrets(text: string, mask: string): string {
  let out = text.includes('://') ? text.replace(textUrlPassword, `$1${mask}$3`) : text;
  if (out.includes('=')) {
    out = out.replace(textQueryParam, (whole, separator: string, name: string, value: string) =>
      value && value !== mask && isSecretParam(name) && !settingValues.has(value.toLowerCase())
        ? `${separator}${name}=${mask}`
        : whole,
    );
  }
  return out;
}
