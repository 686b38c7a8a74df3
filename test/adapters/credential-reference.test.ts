import { describe, expect, it } from 'vitest';
import {
  CredentialResolutionError,
  CredentialsOrReference,
  resolveCredentials,
} from '../../src/adapters/credential-reference.js';
import { ErrorCode, isRetriable } from '../../src/core/errors.js';
import { leakedForms } from '../helpers/secret-search.js';

const secret = 'Ref-S3cret/pw+äö';
const url = `postgres://ann:${encodeURIComponent(secret)}@db.internal:5433/shop?sslmode=require`;

async function failure(promise: Promise<unknown>): Promise<CredentialResolutionError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CredentialResolutionError);
  return error as CredentialResolutionError;
}

function expectNoLeak(error: Error): void {
  const text = JSON.stringify({
    message: error.message,
    stack: error.stack,
    json: (error as never as { toJSON(): unknown }).toJSON?.(),
  });
  expect(leakedForms(text, secret)).toEqual([]);
}

describe('credentials by reference', () => {
  it('resolves env: to a connection URL and reports every secret before validation', async () => {
    const added: string[] = [];
    const credentials = await resolveCredentials(
      { ref: 'env:PG_URL' },
      { env: { PG_URL: url }, addSecrets: (...values) => added.push(...values) },
    );
    expect(credentials).toMatchObject({
      type: 'postgres',
      host: 'db.internal',
      port: 5433,
      database: 'shop',
      user: 'ann',
      password: secret,
      ssl: { mode: 'require' },
    });
    expect(added).toContain(secret);
    expect(added).toContain(url);
  });

  it('resolves env: holding JSON credentials', async () => {
    const json = JSON.stringify({ type: 'databricks', host: 'dbc.example', httpPath: '/sql/1', token: secret });
    const credentials = await resolveCredentials({ ref: 'env:DBX' }, { env: { DBX: json } });
    expect(credentials).toMatchObject({ type: 'databricks', token: secret, port: 443 });
  });

  it('resolves other schemes with the application resolver, given the parsed reference and a signal', async () => {
    const calls: unknown[] = [];
    const credentials = await resolveCredentials(
      { type: 'reference', ref: 'vault:source-42' },
      {
        resolvers: {
          vault: (reference, { signal }) => {
            calls.push({ ...reference, aborted: signal.aborted });
            return { type: 'mysql', host: 'maria', user: 'root', password: secret };
          },
        },
      },
    );
    expect(calls).toEqual([{ ref: 'vault:source-42', scheme: 'vault', id: 'source-42', aborted: false }]);
    expect(credentials).toMatchObject({ type: 'mysql', host: 'maria', password: secret });
  });

  it('validates inline credentials as before', async () => {
    await expect(resolveCredentials({ type: 'duckdb' })).resolves.toMatchObject({ path: ':memory:' });
  });

  it('fails with a typed error naming the reference when the variable is missing', async () => {
    const error = await failure(resolveCredentials({ ref: 'env:NOPE_URL' }, { env: {} }));
    expect(error.code).toBe(ErrorCode.CREDENTIALS_UNRESOLVED);
    expect(error.message).toBe(
      'Credentials reference "env:NOPE_URL" was not found: environment variable NOPE_URL is not set',
    );
    expect(error.details).toEqual({ ref: 'env:NOPE_URL' });
    expect(isRetriable(error)).toBe(false);
  });

  it('fails for an unknown scheme, listing the known ones', async () => {
    const error = await failure(resolveCredentials({ ref: 'vault:x' }, { resolvers: { aws: () => undefined } }));
    expect(error.message).toContain('no resolver for scheme "vault" (known: env, aws)');
    const missing = await failure(resolveCredentials({ ref: 'aws:x' }, { resolvers: { aws: () => null } }));
    expect(missing.message).toBe('Credentials reference "aws:x" was not found: no such entry');
  });

  it('never shows the secret when the resolved value is invalid', async () => {
    const badJson = await failure(resolveCredentials({ ref: 'env:X' }, { env: { X: `{"password":"${secret}"` } }));
    expect(badJson.message).toContain('neither a connection URL nor valid JSON');
    expectNoLeak(badJson);
    const invalid = await failure(
      resolveCredentials({ ref: 'env:X' }, { env: { X: JSON.stringify({ type: 'postgres', password: secret }) } }),
    );
    expect(invalid.message).toContain('resolved to invalid credentials: host: host is required');
    expectNoLeak(invalid);
    const badUrl = await failure(resolveCredentials({ ref: 'env:X' }, { env: { X: `nosuch://u:${secret}@h` } }));
    expectNoLeak(badUrl);
  });

  it('keeps a retriable resolver failure retriable and its cause', async () => {
    const outage = new Error('vault unavailable');
    const error = await failure(
      resolveCredentials(
        { ref: 'vault:a' },
        {
          resolvers: {
            vault: () => {
              throw outage;
            },
          },
        },
      ),
    );
    expect(error.message).toBe('Credentials reference "vault:a" could not be looked up');
    expect(error.cause).toBe(outage);
    expect(isRetriable(error)).toBe(true);
  });

  it('the schema names the field of a bad reference and refuses a password inside it', () => {
    const bad = CredentialsOrReference.safeParse({ ref: 'PG_URL' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['ref', 'ref must look like scheme:id, e.g. env:PG_URL or vault:source-42'],
    ]);
    const inline = CredentialsOrReference.safeParse({ ref: `postgres://ann:${secret}@db/x` });
    expect(inline.error?.issues[0]?.message).toBe('ref must name the credentials, not contain a password');
    expect(JSON.stringify(inline.error?.issues)).not.toContain(secret);
    const extra = CredentialsOrReference.safeParse({ ref: 'env:X', password: secret });
    expect(extra.error?.issues[0]?.code).toBe('unrecognized_keys');
    const credentials = CredentialsOrReference.safeParse({ type: 'postgres', port: 'x' });
    expect(credentials.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['port']);
  });
});
