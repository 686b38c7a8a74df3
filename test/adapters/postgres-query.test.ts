/** PostgreSQL query path on the shared local server: streaming row cap, timeouts, aborts, errors, credentials. */
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsOf, parseCredentials } from '../../src/adapters/credentials.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/index.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode, expectNoSecrets } from '../contract/contract-helpers.js';
import {
  countRunning,
  countSessions,
  createFixtureDatabase,
  sharedServer,
  type TestDatabase,
  uniqueName,
} from '../helpers/pg.js';

const applicationName = uniqueName('pg_query');
let db: TestDatabase;

const credentials = (extra: Record<string, unknown> = {}) =>
  parseCredentials({
    type: 'postgres',
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: db.name,
    applicationName,
    ...extra,
  }) as CredentialsOf<'postgres'>;

async function withAdapter<T>(
  body: (adapter: ReturnType<typeof createPostgresAdapter>) => Promise<T>,
  extra?: Record<string, unknown>,
) {
  const adapter = createPostgresAdapter(credentials(extra), { driver: pg });
  try {
    return await body(adapter);
  } finally {
    await adapter.close();
  }
}

beforeAll(async () => {
  db = await createFixtureDatabase(sharedServer, 'pg_query', {
    extraStatements: ['CREATE SEQUENCE public.h2_rows_seq'],
  });
});
afterAll(async () => {
  await db?.drop();
});

describe('postgres query', () => {
  it('stops reading at maxRows + 1 rows: the server produces no more', async () => {
    const result = await withAdapter((a) =>
      a.query("SELECT nextval('public.h2_rows_seq') AS n FROM generate_series(1, 100000)", [], { maxRows: 10 }),
    );
    expect(result.rows).toHaveLength(10);
    expect(result.truncated).toBe(true);
    // nextval ran once per row the portal produced: 11 (the cap plus the one that proves truncation), not 100,000.
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: db.name });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT last_value FROM public.h2_rows_seq');
      expect(Number(rows[0].last_value)).toBe(11);
    } finally {
      await client.end();
    }
  });

  it('is not truncated when the result has exactly maxRows rows', async () => {
    const result = await withAdapter((a) => a.query('SELECT g FROM generate_series(1, 10) g', [], { maxRows: 10 }));
    expect(result).toMatchObject({ truncated: false });
    expect(result.rows).toHaveLength(10);
  });

  it('reports column type names', async () => {
    const result = await withAdapter((a) =>
      a.query("SELECT 1::int AS a, 'x'::text AS b, now() AS c, 1.5::numeric AS d"),
    );
    expect(result.columns).toEqual([
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'text' },
      { name: 'c', type: 'timestamp with time zone' },
      { name: 'd', type: 'numeric' },
    ]);
  });

  it('refuses writes in read-only mode with READ_ONLY_VIOLATION', async () => {
    await withAdapter(async (a) => {
      await expectCode(a.query('CREATE TABLE shop.h2_nope (id int)', [], { readOnly: true }), [
        ErrorCode.READ_ONLY_VIOLATION,
      ]);
      const exists = await a.query("SELECT to_regclass('shop.h2_nope') AS t");
      expect(exists.rows[0]!.t).toBeNull();
    });
  });

  it('times out on the server (statement_timeout, SQLSTATE 57014) and leaves nothing running', async () => {
    const error = await withAdapter((a) =>
      expectCode(a.query('SELECT pg_sleep(20)', [], { timeoutMs: 300 }), [ErrorCode.TIMEOUT]),
    );
    expect((error.cause as { code?: string }).code).toBe('57014');
    expect(error.message).toMatch(/statement timeout/);
    expect(await countRunning(sharedServer, applicationName)).toBe(0);
  });

  it('rejects named parameters with INVALID_INPUT', async () => {
    await withAdapter((a) => expectCode(a.query('SELECT $1', { a: 1 }), [ErrorCode.INVALID_INPUT]));
  });

  it('fails a missing table with QUERY_FAILED and its SQLSTATE', async () => {
    const error = await withAdapter((a) => expectCode(a.query('SELECT * FROM h2_missing'), [ErrorCode.QUERY_FAILED]));
    expect(error.details).toMatchObject({ sqlState: '42P01' });
  });

  it('opens no connection for an already aborted call', async () => {
    await withAdapter((a) => expectCode(a.query('SELECT 1', [], { signal: AbortSignal.abort() }), [ErrorCode.ABORTED]));
    expect(await countSessions(sharedServer, applicationName)).toBe(0);
  });

  it('connects from a URL and shows its application name', async () => {
    const url = `postgres://postgres@127.0.0.1:5432/${db.name}?sslmode=disable`;
    const adapter = createPostgresAdapter(
      parseCredentials({
        type: 'postgres',
        url,
        applicationName: `${applicationName}_url`,
      }) as CredentialsOf<'postgres'>,
    );
    try {
      const result = await adapter.query("SELECT current_database() AS db, current_setting('application_name') AS app");
      expect(result.rows[0]).toEqual({ db: db.name, app: `${applicationName}_url` });
    } finally {
      await adapter.close();
    }
  });

  it('keeps a URL password out of errors', async () => {
    const url = 'postgres://postgres:H2-url-secret-987@127.0.0.1:1/nowhere';
    const input = { type: 'postgres' as const, url };
    const adapter = createPostgresAdapter(parseCredentials(input) as CredentialsOf<'postgres'>);
    try {
      const error = await expectCode(adapter.testConnection(), [ErrorCode.HOST_UNREACHABLE]);
      expectNoSecrets(error, input);
    } finally {
      await adapter.close();
    }
  });

  it('fails with TIMEOUT when the server never answers the connection', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const sockets = new Set<net.Socket>();
    silent.on('connection', (socket) => sockets.add(socket));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      await withAdapter((a) => expectCode(a.testConnection(), [ErrorCode.TIMEOUT]), { port, connectTimeoutMs: 300 });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
