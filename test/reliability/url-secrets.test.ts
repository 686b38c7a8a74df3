/**
 * Secrets inside URL-like credential fields, on the real paths: the introspect-data task on the in-process runner,
 * runIntrospection (onLog, onProgress, output), checkConnection (the adapter's own driver log lines, the error with
 * its stack and cause chain) and redactCredentials(), against the local PostgreSQL, MariaDB and DuckDB. Four leak
 * classes: a secret query parameter in a URL, a URL pasted into `host`, an unencoded password in `url`, a MotherDuck
 * token in a DuckDB `path`. Every captured string is searched for every planted secret, raw, percent-encoded and
 * base64 (see secretForms); a password with special characters is searched part by part, so a visible tail counts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdapterFactoryOptions } from '../../src/adapters/adapter.js';
import { checkConnection } from '../../src/adapters/check-connection.js';
import { redactCredentials } from '../../src/adapters/credentials.js';
import { DatataskError } from '../../src/core/errors.js';
import { runIntrospection } from '../../src/run-introspection.js';
import { createTestDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { runIntrospectTask } from '../tasks/introspect-harness.js';
import { settlesWithin } from './fault-support.js';
import { createMariadbScratch, type MariadbScratch } from './mariadb-scratch.js';
import { createCapture } from './secret-capture.js';

const token = (label: string) => `${label}${randomBytes(10).toString('hex')}`;
type Expected = 'ok' | 'failed' | { invalid: 'host' | 'url' };

describe('secrets inside URLs never leave a run', () => {
  let database: TestDatabase;
  let maria: MariadbScratch;
  const problems: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(sharedServer, 'urlsecrets');
    maria = await createMariadbScratch('urlsec');
  }, 120_000);
  afterAll(async () => {
    await database?.drop();
    await maria?.drop();
  });

  /** Runs `credentials` through every public path, capturing everything; records outcomes that differ from `expected`. */
  const observe = async (
    capture: ReturnType<typeof createCapture>,
    label: string,
    credentials: object,
    expected: Expected,
  ) => {
    capture.add(`${label} redactCredentials`, redactCredentials(credentials));
    const run = await settlesWithin(
      runIntrospectTask({ dataSource: { name: label, credentials } } as never),
      60_000,
      `${label} task`,
    );
    capture.addRun(`${label} task`, run);
    const output = await settlesWithin(
      runIntrospection(credentials as never, {
        name: label,
        maxAttempts: 1,
        timeoutMs: 20_000,
        onLog: (record) => capture.add(`${label} onLog`, record),
        onProgress: (progress) => capture.add(`${label} onProgress`, progress),
      }),
      60_000,
      `${label} runIntrospection`,
    );
    capture.add(`${label} runIntrospection output`, output);
    const log: AdapterFactoryOptions['log'] = (message, fields) =>
      capture.add(`${label} driver log`, { message, fields });
    const tested = await checkConnection(credentials as never, { adapterOptions: { log }, throwOnError: true }).then(
      (result) => {
        capture.add(`${label} checkConnection`, result);
        return undefined;
      },
      (error: unknown) => {
        capture.addError(`${label} checkConnection`, error);
        return error;
      },
    );
    const outcomes = [run.result.ok ? 'ok' : run.result.error.code, output.success ? 'ok' : output.error?.code];
    outcomes.push(tested === undefined ? 'ok' : tested instanceof DatataskError ? tested.code : String(tested));
    const want = expected === 'ok' ? 'ok' : expected === 'failed' ? 'failed' : 'INVALID_INPUT';
    const got = outcomes.map((outcome) => (want === 'failed' && outcome !== 'ok' ? 'failed' : outcome));
    if (got.some((outcome) => outcome !== want)) problems.push(`${label}: expected ${want}, got ${got.join('/')}`);
    if (typeof expected === 'object' && !run.result.ok) {
      const issues = (run.result.error.details as { issues?: Array<{ path: string }> } | undefined)?.issues ?? [];
      if (!issues.some((issue) => issue.path.endsWith(`credentials.${expected.invalid}`))) {
        problems.push(`${label}: the error does not name ${expected.invalid}: ${run.result.error.message}`);
      }
    }
  };

  /** Every leak found, plus outcomes that differ from what was expected. */
  const verdict = (capture: ReturnType<typeof createCapture>, secrets: string[]) => {
    const found = [...capture.hits(secrets), ...problems.splice(0)];
    expect(capture.strings.length).toBeGreaterThan(20);
    return found;
  };

  it('a secret query parameter (?password=, ?pass=, ?sslpassword=, ?token=, any case) in a PostgreSQL or MySQL URL', async () => {
    const capture = createCapture();
    const params = ['password', 'PASS', 'sslpassword', 'Token', 'api_key', 'access-token', 'client_secret'];
    const values = params.map((name) => token(`q${name.slice(0, 3).toLowerCase()}`));
    const query = params.map((name, i) => `${name}=${values[i]}`).join('&');
    const pgBase = `postgres://postgres@127.0.0.1`;
    await observe(
      capture,
      'pg query ok',
      { type: 'postgres', url: `${pgBase}:5432/${database.name}?sslmode=disable&${query}` },
      'ok',
    );
    await observe(capture, 'pg query closed port', { type: 'postgres', url: `${pgBase}:1/db?${query}` }, 'failed');
    // The driver really uses `?password=`: the scratch user needs it to log in.
    const mariaUrl = `mysql://${maria.user}@127.0.0.1:3306/${maria.database}`;
    await observe(
      capture,
      'maria query ok',
      { type: 'mysql', url: `${mariaUrl}?password=${maria.password}&${query.slice(query.indexOf('&') + 1)}` },
      'ok',
    );
    await observe(capture, 'maria query wrong', { type: 'mysql', url: `${mariaUrl}?${query}` }, 'failed');
    expect(verdict(capture, [...values, maria.password])).toEqual([]);
  }, 180_000);

  it('a URL pasted into host is refused with a typed error naming host, and no part of its password shows', async () => {
    const capture = createCapture();
    const [a, b, c, d] = [token('hosta'), token('hostb'), token('hostc'), token('hostd')];
    const cases: Array<[string, object]> = [
      ['pg host url', { type: 'postgres', host: `postgres://u:${a}@127.0.0.1:5432/db` }],
      ['maria host url', { type: 'mysql', host: `mysql://root:${b}@${c}@127.0.0.1:3306/x`, user: 'root' }],
      ['pg host userinfo', { type: 'postgres', host: `postgres:${d}@127.0.0.1`, port: 5432 }],
      ['sqlserver host url', { type: 'sqlserver', host: `sqlserver://sa:${a}@127.0.0.1:1`, connectTimeoutMs: 2000 }],
      [
        'databricks host url',
        {
          type: 'databricks',
          host: `https://token:${b}@127.0.0.1`,
          httpPath: '/sql/1.0/warehouses/x',
          token: 'dapi-x',
        },
      ],
    ];
    for (const [label, credentials] of cases) await observe(capture, label, credentials, { invalid: 'host' });
    expect(verdict(capture, [a, b, c, d])).toEqual([]);
  }, 180_000);

  it('an unencoded password in url (@ : / # ? %) leaves no tail visible', async () => {
    const capture = createCapture();
    const parts = Array.from({ length: 12 }, (_, i) => token(`un${i}x`));
    const p = (i: number) => parts[i]!;
    const cases: Array<[string, object, Expected]> = [
      // WHATWG URL parsing takes the last @ of the authority: these connect (trust auth ignores the password).
      [
        'pg at-sign ok',
        { type: 'postgres', url: `postgres://postgres:${p(0)}@${p(1)}@127.0.0.1:5432/${database.name}` },
        'ok',
      ],
      [
        'maria colon',
        { type: 'mysql', url: `mysql://${maria.user}:${p(2)}:${p(3)}@127.0.0.1:3306/${maria.database}` },
        'failed',
      ],
      // A `/`, `#` or `?` ends the authority early: refused, naming url.
      [
        'pg slash',
        { type: 'postgres', url: `postgres://u:${p(4)}@${p(5)}:w/${p(6)}@127.0.0.1:1/db` },
        { invalid: 'url' },
      ],
      [
        'pg hash query',
        { type: 'postgres', url: `postgres://u:${p(7)}#${p(8)}?${p(9)}@127.0.0.1:1/db` },
        { invalid: 'url' },
      ],
      // A `%` that is no escape cannot be decoded: refused, naming url.
      ['maria percent', { type: 'mysql', url: `mysql://root:${p(10)}%zz${p(11)}@127.0.0.1:1/x` }, { invalid: 'url' }],
    ];
    for (const [label, credentials, expected] of cases) await observe(capture, label, credentials, expected);
    expect(verdict(capture, parts)).toEqual([]);
  }, 180_000);

  it('a DuckDB path with ?motherduck_token= (MotherDuck) leaks the token nowhere', async () => {
    const capture = createCapture();
    const [first, second] = [token('mdtok'), token('mdtok')];
    // Offline, DuckDB fails to fetch the motherduck extension: the failure must not carry the token.
    await observe(capture, 'duckdb md path', { type: 'duckdb', path: `md:mydb?motherduck_token=${first}` }, 'failed');
    await observe(
      capture,
      'duckdb md url',
      { type: 'duckdb', path: `md:?motherduck_token=${second}&saas_mode=true` },
      'failed',
    );
    expect(verdict(capture, [first, second])).toEqual([]);
  }, 180_000);
});
