import { describe, expect, it } from 'vitest';
import { collectSecrets, createRedactor, REDACTED } from '../../src/core/redact.js';

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
