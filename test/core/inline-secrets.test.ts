import { describe, expect, it } from 'vitest';
import { findInlineSecrets } from '../../src/core/inline-secrets.js';
import { collectSecrets, createRedactor, isSecretReference, REDACTED } from '../../src/core/redact.js';

const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';

describe('findInlineSecrets', () => {
  it('finds passwords, tokens, keys and URL passwords with their paths', () => {
    const payload = {
      dataSources: [
        { name: 'pg', credentials: { type: 'postgres', host: 'db', user: 'ann', password: 'pw-1234' } },
        { name: 'url', credentials: { type: 'postgres', url: 'postgres://ann:s3cret@db:5432/app' } },
        { name: 'dbx', credentials: { type: 'databricks', host: 'h', httpPath: '/p', token: 'dapi123' } },
        {
          name: 'bq',
          credentials: {
            type: 'bigquery',
            projectId: 'p',
            serviceAccountKey: { client_email: 'a@b', private_key: pem },
          },
        },
        { name: 'sf', credentials: { type: 'snowflake', account: 'a', user: 'u', privateKey: pem } },
      ],
      note: 'connect with mysql://root:hunter22@10.0.0.1/shop',
      sslKey: { ca: 'x', key: pem },
      keyJson: JSON.stringify({ type: 'service_account', private_key: 'abc' }),
    };
    expect(findInlineSecrets(payload)).toEqual([
      'dataSources[0].credentials.password',
      'dataSources[1].credentials.url',
      'dataSources[2].credentials.token',
      'dataSources[3].credentials.serviceAccountKey.private_key',
      'dataSources[4].credentials.privateKey',
      'note',
      'sslKey.key',
      'keyJson',
    ]);
  });

  it('does not flag references, settings without secrets, empty or redacted values', () => {
    expect(
      findInlineSecrets({
        dataSource: { name: 'pg', credentials: { ref: 'env:PG_URL' } },
        other: { credentials: { type: 'reference', ref: 'vault:source-42' } },
        duck: { credentials: { type: 'duckdb', path: '/data/shop.duckdb' } },
        noPassword: { credentials: { type: 'postgres', host: 'db', user: 'ann', password: '' } },
        masked: { password: REDACTED },
        url: 'postgres://ann@db/app',
        flags: { token: false, secret: null },
        key: 'idempotency-key-is-not-a-secret',
      }),
    ).toEqual([]);
  });

  it('flags numbers under secret keys and the root string, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { pin: { password: 1234 } };
    cyclic.self = cyclic;
    expect(findInlineSecrets(cyclic)).toEqual(['pin.password']);
    expect(findInlineSecrets('https://u:p@host/x')).toEqual(['(root)']);
    expect(findInlineSecrets(undefined)).toEqual([]);
  });

  it('treats a ref object with extra keys as inline', () => {
    expect(isSecretReference({ ref: 'env:X' })).toBe(true);
    expect(isSecretReference({ ref: 'env:X', password: 'p4ss' })).toBe(false);
    expect(findInlineSecrets({ credentials: { ref: 'env:X', password: 'p4ss' } })).toEqual(['credentials.password']);
  });

  it('the redactor keeps references readable under secret keys', () => {
    const payload = { credentials: { ref: 'env:PG_URL' }, password: 'pw-1234' };
    const redactor = createRedactor(collectSecrets(payload));
    expect(redactor.redact(payload)).toEqual({ credentials: { ref: 'env:PG_URL' }, password: REDACTED });
    expect(redactor.redactText('resolving {"ref":"env:PG_URL"} with pw-1234')).toBe(
      `resolving {"ref":"env:PG_URL"} with ${REDACTED}`,
    );
  });
});
