/** Strict credentials: unknown keys named with the closest valid one, the `username` alias, no secret echoed. */
import { describe, expect, it } from 'vitest';
import { CredentialsOrReference, resolveCredentials } from '../../src/adapters/credential-reference.js';
import { credentialSecrets, parseCredentials } from '../../src/adapters/credentials.js';
import { ErrorCode, ValidationError, type ValidationIssue } from '../../src/core/errors.js';
import { parseWith } from '../../src/core/validate.js';
import { IntrospectDataInput } from '../../src/tasks/introspect-data/interfaces.js';
import { leakedForms } from '../helpers/secret-search.js';

function rejection(run: () => unknown): ValidationError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ValidationError);
  return thrown as ValidationError;
}

async function payloadRejection(payload: unknown): Promise<ValidationError> {
  const thrown = await parseWith(IntrospectDataInput, payload, 'payload').then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(ValidationError);
  return thrown as ValidationError;
}

const issueAt = (error: ValidationError, path: string): ValidationIssue | undefined =>
  error.issues.find((issue) => issue.path === path);

describe('credentials: unknown keys', () => {
  it('names every unknown key at its own path, with the closest valid key, nested objects included', () => {
    const error = rejection(() =>
      parseCredentials({ type: 'postgres', hots: 'db', prot: 5432, ssl: { mdoe: 'require' }, database: 'shop' }),
    );
    expect(error.code).toBe(ErrorCode.INVALID_INPUT);
    expect(issueAt(error, 'hots')).toEqual({
      path: 'hots',
      code: 'unrecognized_keys',
      message: 'unknown key "hots" (did you mean "host"?)',
    });
    expect(issueAt(error, 'prot')?.message).toBe('unknown key "prot" (did you mean "port"?)');
    expect(issueAt(error, 'ssl.mdoe')?.message).toBe('unknown key "mdoe" (did you mean "mode"?)');
    expect(error.message).toContain('hots: unknown key "hots" (did you mean "host"?)');
  });

  it('rejects a key no engine field is close to, listing the valid keys', () => {
    const error = rejection(() =>
      parseCredentials({ type: 'databricks', host: 'h', httpPath: '/sql', token: 't0ken-x', username: 'ann' }),
    );
    // Databricks signs in with a token: no user, so no alias.
    expect(issueAt(error, 'username')?.message).toBe(
      'unknown key "username" (valid: type, host, port, httpPath, token, catalog, schema, ca, connectTimeoutMs)',
    );
    const duck = rejection(() => parseCredentials({ type: 'duckdb', file: 'x.duckdb' }));
    expect(issueAt(duck, 'file')?.message).toMatch(/^unknown key "file" \(valid: type, path, readOnly\)$/);
  });

  it('suggests the field a longer or shorter spelling starts with (hostname, pass)', () => {
    const error = rejection(() => parseCredentials({ type: 'mysql', hostname: 'db', pass: 'pw-Secret-x1' }));
    expect(issueAt(error, 'hostname')?.message).toBe('unknown key "hostname" (did you mean "host"?)');
    expect(issueAt(error, 'pass')?.message).toBe('unknown key "pass" (did you mean "password"?)');
  });

  it('never echoes the value under a misspelt key (a password is still a password)', () => {
    const secret = 'hunter2-Secret-77';
    const error = rejection(() => parseCredentials({ type: 'postgres', host: 'db', pasword: secret }));
    expect(issueAt(error, 'pasword')?.message).toBe('unknown key "pasword" (did you mean "password"?)');
    const text = JSON.stringify({
      message: error.message,
      stack: error.stack,
      json: error.toJSON(),
      issues: error.issues,
    });
    expect(leakedForms(text, secret)).toEqual([]);
    // And a redactor built from the credentials masks it, for the logs of a run that fails on them.
    expect(credentialSecrets({ type: 'postgres', host: 'db', pasword: secret })).toContain(secret);
    expect(credentialSecrets({ type: 'postgres', host: 'db.internal' })).not.toContain('db.internal');
  });

  it('keeps a BigQuery service-account key open: Google writes more fields than the ones read', () => {
    const key = {
      type: 'service_account',
      client_email: 'sa@p.iam.gserviceaccount.com',
      private_key: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n',
      private_key_id: 'k1',
      token_uri: 'https://oauth2.googleapis.com/token',
      universe_domain: 'googleapis.com',
    };
    const parsed = parseCredentials({ type: 'bigquery', projectId: 'p', serviceAccountKey: key });
    expect(parsed).toMatchObject({ serviceAccountKey: key });
    // The credentials object around it is strict all the same.
    const error = rejection(() => parseCredentials({ type: 'bigquery', projectId: 'p', dataset: ['a'] }));
    expect(issueAt(error, 'dataset')?.message).toBe('unknown key "dataset" (did you mean "datasets"?)');
  });
});

describe('credentials: username, an alias of user', () => {
  it.each(['postgres', 'mysql', 'redshift', 'sqlserver'] as const)('%s takes username as user', (type) => {
    const parsed = parseCredentials({ type, host: 'db', username: 'ann' });
    expect(parsed).toMatchObject({ type, user: 'ann' });
    expect(parsed).not.toHaveProperty('username');
  });

  it('snowflake takes username as user (the name snowflake-sdk uses)', () => {
    expect(parseCredentials({ type: 'snowflake', account: 'a', username: 'ann', password: 'pw' })).toMatchObject({
      user: 'ann',
    });
  });

  it('accepts both when they agree, and rejects both with different values without showing either', () => {
    expect(parseCredentials({ type: 'mysql', host: 'db', user: 'ann', username: 'ann' })).toMatchObject({
      user: 'ann',
    });
    const error = rejection(() => parseCredentials({ type: 'mysql', host: 'db', user: 'ann-x1', username: 'bob-x2' }));
    expect(error.issues).toEqual([
      {
        path: 'username',
        code: 'custom',
        message: 'give user or username (an alias of user), not both with different values',
      },
    ]);
    expect(error.message).not.toMatch(/ann-x1|bob-x2/);
  });

  it('holds inside a data source and in what a reference resolves to', async () => {
    expect(CredentialsOrReference.parse({ type: 'postgres', host: 'db', username: 'ann' })).toMatchObject({
      user: 'ann',
    });
    const resolved = await resolveCredentials(
      { ref: 'env:CREDS_14' },
      { env: { CREDS_14: JSON.stringify({ type: 'mysql', host: 'db', username: 'ann' }) } },
    );
    expect(resolved).toMatchObject({ user: 'ann' });
  });
});

describe('credential references and payloads', () => {
  it('a reference is strict too, and still resolves', async () => {
    expect(CredentialsOrReference.parse({ ref: 'env:PG_URL' })).toEqual({ ref: 'env:PG_URL' });
    expect(CredentialsOrReference.parse({ type: 'reference', ref: 'env:PG_URL' })).toEqual({
      type: 'reference',
      ref: 'env:PG_URL',
    });
    const resolved = await resolveCredentials(
      { ref: 'env:PG_URL' },
      { env: { PG_URL: 'postgres://ann@db:5433/shop' } },
    );
    expect(resolved).toMatchObject({ type: 'postgres', host: 'db', port: 5433, user: 'ann', database: 'shop' });
    const error = await payloadRejection({
      dataSource: { name: 's', credentials: { ref: 'env:PG_URL', scheme: 'env' } },
    });
    expect(error.issues).toContainEqual(
      expect.objectContaining({ path: 'dataSource.credentials.scheme', code: 'unrecognized_keys' }),
    );
  });

  it('rejects a misspelt introspection option, nested objects included, instead of dropping it', async () => {
    const payload = {
      dataSource: { name: 's', credentials: { type: 'duckdb', path: ':memory:' }, nmae: 'x' },
      options: { tabels: { include: ['a'] }, schemas: { inclde: ['b'] }, columnStats: { sampleValue: 3 } },
    };
    const error = await payloadRejection(payload);
    const messages = Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
    expect(messages).toMatchObject({
      'dataSource.nmae': 'unknown key "nmae" (did you mean "name"?)',
      'options.tabels': 'unknown key "tabels" (did you mean "tables"?)',
      'options.schemas.inclde': 'unknown key "inclde" (did you mean "include"?)',
      // columnStats is `true` or an object: the object's unknown key is named all the same.
      'options.columnStats.sampleValue': 'unknown key "sampleValue" (did you mean "sampleValues"?)',
    });
    expect(error.issues).toHaveLength(4);
  });
});
