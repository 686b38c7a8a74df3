import { describe, expect, it } from 'vitest';
import { collectSecrets, createRedactor, REDACTED } from '../../src/core/redact.js';
import { isSecretParam, urlSecrets } from '../../src/core/url-secrets.js';

describe('createRedactor', () => {
  it('masks secrets by key and by value, deep, without touching the input', () => {
    const input = {
      user: 'ann',
      password: 'pw-Secret-123',
      nested: [{ note: 'login with pw-Secret-123 failed' }, { ok: 'plain' }],
      url: 'postgres://ann:other-pass@host/db',
    };
    const snapshot = structuredClone(input);
    const out = createRedactor(['pw-Secret-123']).redact(input);
    expect(out).toEqual({
      user: 'ann',
      password: REDACTED,
      nested: [{ note: `login with ${REDACTED} failed` }, { ok: 'plain' }],
      url: `postgres://ann:${REDACTED}@host/db`,
    });
    expect(input).toEqual(snapshot);
    // Copy-on-write: parts with nothing secret are shared, not copied.
    expect(out.nested[1]).toBe(input.nested[1]);
  });

  it('returns the same value when nothing is secret, and handles cycles', () => {
    const value: Record<string, unknown> = { a: [1, 'two', { b: true }] };
    value.self = value;
    const out = createRedactor(['zzzzzz']).redact(value);
    expect(out).toBe(value);
    const secretCycle: Record<string, unknown> = { note: 'has zzzzzz' };
    secretCycle.self = secretCycle;
    const redacted = createRedactor(['zzzzzz']).redact(secretCycle) as Record<string, unknown>;
    expect(redacted.note).toBe(`has ${REDACTED}`);
  });

  it('masks JSON-escaped, URL-encoded and per-line forms of a secret, and secrets added later', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
    const redactor = createRedactor();
    expect(redactor.redactText('p@ss/word!')).toBe('p@ss/word!');
    redactor.addSecrets('p@ss/word!', key);
    expect(redactor.redactText('x=p%40ss%2Fword!')).toBe(`x=${REDACTED}`);
    expect(redactor.redactText(JSON.stringify({ key }))).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
    expect(redactor.redactText('line MIIEvQIBADANBgkqhkiG9w0BAQEFAASC')).toBe(`line ${REDACTED}`);
  });

  it('turns errors into plain redacted objects', () => {
    const error = Object.assign(new Error('bad pw-Secret-123'), { code: 'X', token: 'tok' });
    expect(createRedactor(['pw-Secret-123']).redact({ error })).toEqual({
      error: { name: 'Error', message: `bad ${REDACTED}`, code: 'X', token: REDACTED },
    });
  });

  it('collects secrets from credentials, including SSL keys and key objects', () => {
    const secrets = collectSecrets({
      type: 'bigquery',
      serviceAccountKey: { client_email: 'a@b', private_key: 'PK-123456' },
      ssl: { key: 'ssl-key-pem', cert: 'public' },
      password: 'pw-1234',
    });
    expect(secrets).toEqual(expect.arrayContaining(['PK-123456', 'ssl-key-pem', 'pw-1234']));
    expect(secrets).not.toContain('public');
  });
});

describe('secrets inside URLs', () => {
  it('collects user-info passwords (encoded, unencoded, in a host field) and secret query parameters', () => {
    const secrets = collectSecrets({
      url: 'postgres://u:p%40ss%2Fword@h/db?sslmode=require&PASSWORD=qpw-1234&sslpassword=ssl-pw-1&key_check=true',
      host: 'admin:host-pw-1@db.internal',
      path: 'md:mydb?motherduck_token=md-token-1',
      nested: [{ connectionString: 'mysql://u:ab@cd:ef/gh@h:3306/x' }],
      plain: 'no URL here: a=b?c',
    });
    expect(secrets).toEqual(
      expect.arrayContaining(['p@ss/word', 'p%40ss%2Fword', 'qpw-1234', 'ssl-pw-1', 'host-pw-1', 'md-token-1']),
    );
    // The whole unencoded password, not the part before its first @.
    expect(secrets).toContain('ab@cd:ef/gh');
    expect(secrets).not.toContain('true');
    expect(secrets).not.toContain('require');
  });

  it('reads passwords leniently and strictly, and query names in any case and spelling', () => {
    expect(urlSecrets('postgres://u:pw1234@host/db?note=a@b')).toEqual(expect.arrayContaining(['pw1234']));
    expect(urlSecrets('x://h/?Api-Key=k1&ACCESS_TOKEN=t1&pass=p1&client_secret=s1&page=2').sort()).toEqual(
      ['k1', 'p1', 's1', 't1'].sort(),
    );
    expect(urlSecrets('x://h/?token=a+b%20c')).toEqual(expect.arrayContaining(['a+b%20c', 'a b c']));
    expect(isSecretParam('sslmode')).toBe(false);
    expect(isSecretParam('motherduck_token')).toBe(true);
  });

  it('masks a known secret before URL patterns, so no tail of an unencoded password is left', () => {
    const password = 'p@ss:w/rd#x?y%z';
    const redactor = createRedactor(collectSecrets({ url: `postgres://u:${password}@host/db` }));
    const out = redactor.redactText(`connect postgres://u:${password}@host/db failed`);
    expect(out).toBe(`connect postgres://u:${REDACTED}@host/db failed`);
  });

  it('masks unknown URL passwords up to the last @, and secret query values, in free text', () => {
    const redactor = createRedactor();
    expect(redactor.redactText('postgres://u:p@ss@host/db ok')).toBe(`postgres://u:${REDACTED}@host/db ok`);
    expect(redactor.redactText('md:x?motherduck_token=abc&saas_mode=true')).toBe(
      `md:x?motherduck_token=${REDACTED}&saas_mode=true`,
    );
    expect(redactor.redactText('GET /q?page=2&Password=hunter2')).toBe(`GET /q?page=2&Password=${REDACTED}`);
    expect(redactor.redactText('WHERE a = 1; SELECT 2')).toBe('WHERE a = 1; SELECT 2');
  });

  it('masks base64 forms at every alignment and the WHATWG user-info encoding', () => {
    const secret = 'S3cret$&+,value!';
    const redactor = createRedactor([secret]);
    for (const prefix of ['', 'u', 'us', 'user:']) {
      const blob = Buffer.from(`${prefix}${secret}-tail`).toString('base64');
      expect(redactor.redactText(`Authorization: Basic ${blob}`)).toContain(REDACTED);
    }
    const url = new URL('x://h');
    url.password = `${secret}@`;
    expect(createRedactor([`${secret}@`]).redactText(url.href)).not.toContain('cret');
  });
});
