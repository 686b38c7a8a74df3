/**
 * One test-wide secrets check: a representative set of scenarios (task success and failure on PostgreSQL and
 * MariaDB, bad password, unreachable host, TLS failure with a client key, invalid input, CLI failures, the analyst
 * agent without a key and with a rejected key, the cloud engines failing to connect) runs while every log line,
 * metadata value, error (with its cause chain), CLI output and task output is captured; then every captured string
 * is searched for every planted password, token and private key. Any hit fails.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { type CliIo, runCli } from '../../src/cli/run-cli.js';
import { runIntrospection } from '../../src/run-introspection.js';
import { createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { runAgent } from '../tasks/agent-harness.js';
import { runIntrospectTask } from '../tasks/introspect-harness.js';
import { settlesWithin } from './fault-support.js';
import { createMariadbScratch, type MariadbScratch } from './mariadb-scratch.js';
import { createCapture } from './secret-capture.js';

const token = (label: string) => `${label}-${randomBytes(10).toString('hex')}`;
const pgPassword = token('pgpw');
const wrongPassword = token('wrongpw');
const urlPassword = token('urlpw');
const apiKey = `sk-ant-${token('key')}`;
const databricksToken = `dapi${randomBytes(16).toString('hex')}`;
const privateKeyBody = randomBytes(48).toString('base64');
const privateKey = `-----BEGIN PRIVATE KEY-----\n${privateKeyBody}\n-----END PRIVATE KEY-----\n`;
const passphrase = token('passphrase');
const capture = createCapture();
const scenarios: string[] = [];

function fakeIo(env: NodeJS.ProcessEnv = {}): CliIo {
  const stream = {
    write: (chunk: string | Uint8Array) => {
      capture.add('cli output', String(chunk));
      return true;
    },
    isTTY: false,
    columns: 80,
  } as unknown as NodeJS.WriteStream;
  return { stdout: stream, stderr: stream, env, version: 'test' };
}

describe('no secret leaves a run (test-wide check)', () => {
  let database: TestDatabase;
  let maria: MariadbScratch;
  const secrets = () => [
    pgPassword,
    wrongPassword,
    urlPassword,
    apiKey,
    databricksToken,
    privateKeyBody,
    passphrase,
    maria.password,
  ];
  const pg = (extra: Record<string, unknown> = {}) => ({
    type: 'postgres' as const,
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    password: pgPassword,
    database: database.name,
    applicationName: 'h10_secrets',
    ...extra,
  });

  beforeAll(async () => {
    database = await createFixtureDatabase(sharedServer, 'h10secrets');
    maria = await createMariadbScratch('secrets');
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
    await maria?.drop();
  });

  /** Runs the introspect-data task and captures everything it let out. */
  const task = async (label: string, credentials: Record<string, unknown>, expectOk: boolean) => {
    scenarios.push(label);
    const run = await settlesWithin(
      runIntrospectTask({ dataSource: { name: label, credentials } } as never),
      60_000,
      label,
    );
    expect(run.result.ok).toBe(expectOk);
    capture.addRun(label, run);
  };

  it('introspect-data on PostgreSQL and MariaDB: success, bad login, bad password, unreachable, TLS, invalid', async () => {
    await task('pg ok', pg(), true);
    await task('pg bad user', pg({ user: 'h10_no_such_role' }), false);
    await task(
      'pg url password, closed port',
      { type: 'postgres', url: `postgres://u:${urlPassword}@127.0.0.1:1/db` },
      false,
    );
    await task('pg TLS with a client key', pg({ ssl: { mode: 'require', key: privateKey } }), false);
    await task('pg invalid input', { ...pg(), port: 'ninety', ssl: { mode: 'bogus', key: privateKey } }, false);
    await task('maria ok', maria.credentials(), true);
    await task('maria wrong password', maria.credentials({ password: wrongPassword }), false);
    await task(
      'maria url password',
      { type: 'mysql', url: `mysql://${maria.user}:${urlPassword}@127.0.0.1:3306/x` },
      false,
    );
  }, 120_000);

  it('adapters: query errors and debug logs', async () => {
    scenarios.push('adapter query errors');
    const log = (message: string, fields?: Record<string, unknown>) => capture.add('adapter log', { message, fields });
    for (const credentials of [pg(), maria.credentials()]) {
      const adapter = await createAdapter(credentials as never, { log });
      try {
        await adapter.query('SELECT no_such_column FROM nowhere').catch((error) => capture.addError('query', error));
      } finally {
        await adapter.close();
      }
    }
  });

  it('the cloud engines failing to connect (keys, tokens, passphrases)', async () => {
    const cloud = [
      {
        type: 'snowflake',
        account: 'acme',
        user: 'u',
        authenticator: 'snowflake_jwt',
        privateKey,
        privateKeyPassphrase: passphrase,
        accessUrl: 'http://127.0.0.1:1',
      },
      { type: 'snowflake', account: 'acme', user: 'u', password: wrongPassword, accessUrl: 'http://127.0.0.1:1' },
      {
        type: 'bigquery',
        projectId: 'p',
        apiEndpoint: 'http://127.0.0.1:1',
        serviceAccountKey: { client_email: 'svc@p.iam.gserviceaccount.com', private_key: privateKey },
      },
      { type: 'bigquery', projectId: 'p', apiEndpoint: 'http://127.0.0.1:1', accessToken: apiKey },
      { type: 'databricks', host: '127.0.0.1', port: 1, httpPath: '/sql/1.0/warehouses/x', token: databricksToken },
      { type: 'sqlserver', host: '127.0.0.1', port: 1, user: 'sa', password: wrongPassword, connectTimeoutMs: 2000 },
    ];
    for (const credentials of cloud) {
      scenarios.push(`${credentials.type} unreachable`);
      const output = await settlesWithin(
        runIntrospection(credentials as never, {
          maxAttempts: 1,
          timeoutMs: 8000,
          onLog: (record) => capture.add(`${credentials.type} log`, record),
          onProgress: (progress) => capture.add(`${credentials.type} progress`, progress),
        }),
        30_000,
        `${credentials.type} introspection`,
      );
      expect(output.success).toBe(false);
      capture.add(`${credentials.type} output`, output);
    }
  }, 120_000);

  it('the CLI: bad password in a URL, in DATATASKS_URL, unreachable, invalid arguments, --json failure', async () => {
    const mariaUrl = `mysql://${maria.user}:${wrongPassword}@127.0.0.1:3306/${maria.database}`;
    const runs: Array<[string, string[], NodeJS.ProcessEnv?]> = [
      ['cli bad password', ['introspect', mariaUrl, '--attempts', '1']],
      ['cli bad password json', ['introspect', mariaUrl, '--json', '--attempts', '1']],
      ['cli env url', ['test-connection'], { DATATASKS_URL: `postgres://u:${urlPassword}@127.0.0.1:1/db` }],
      ['cli invalid', ['introspect', `postgres://u:${urlPassword}@127.0.0.1:notaport/db`, '--timeout', '-1']],
      ['cli bad flag', ['introspect', `postgres://u:${urlPassword}@127.0.0.1:1/db`, `--password=${urlPassword}`]],
    ];
    for (const [label, argv, env] of runs) {
      scenarios.push(label);
      const code = await runCli(argv, fakeIo(env));
      expect(code).toBeGreaterThan(0);
    }
  }, 60_000);

  it('the analyst agent: no API key, and a key the API rejects', async () => {
    const dataSources = [{ name: 'pg', credentials: pg() }];
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      for (const [label, options, script] of [
        ['agent without key', { apiKey: null, maxAttempts: 1 }, []],
        [
          'agent rejected key',
          { apiKey, maxAttempts: 1 },
          [{ status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' }],
        ],
      ] as const) {
        scenarios.push(label);
        const run = await runAgent([...script], { dataSources }, { ...options });
        expect(run.result.ok && (run.result.output as { success?: boolean }).success).toBeFalsy();
        for (const record of run.logs) capture.add(`${label} log`, record);
        for (const metadata of run.metadata) capture.add(`${label} metadata`, metadata);
        if (run.result.ok) capture.add(`${label} output`, run.result.output);
        else capture.addError(label, run.result.error);
      }
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  }, 120_000);

  it('finds none of the secrets in anything captured', () => {
    const hits = capture.hits(secrets());
    const characters = capture.strings.reduce((sum, text) => sum + text.length, 0);
    console.log(
      `[reliability] secrets: ${scenarios.length} scenarios, ${capture.strings.length} strings (${characters} characters) searched for ${secrets().length} secrets, ${hits.length} found`,
    );
    expect(capture.strings.length).toBeGreaterThan(200);
    expect(hits).toEqual([]);
    // Control: the search does find a secret buried in a captured value.
    const control = createCapture();
    control.add('control', { nested: [`prefix ${privateKeyBody} suffix`] });
    expect(control.hits(secrets())).toHaveLength(1);
  });
});
