/** The SQL Server adapter and the real mssql driver against the fake TDS server: TDS 8.0, binding, cancels. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCredentials } from '../../src/adapters/credentials.js';
import { createSqlServerAdapter, type MssqlDriver } from '../../src/adapters/sqlserver/index.js';
import { ErrorCode } from '../../src/core/errors.js';
import { loadDriver } from '../../src/core/load-driver.js';
import { createTestCertificate, type TestCertificate } from '../fakes/sqlserver/certificate.js';
import { fakePassword, fakeUsers } from '../fakes/sqlserver/harness.js';
import { type FakeSqlServer, startFakeSqlServer } from '../fakes/sqlserver/server.js';

type SqlServerCredentials = Parameters<typeof createSqlServerAdapter>[0];
const credentials = (input: Record<string, unknown>) =>
  parseCredentials({ type: 'sqlserver', ...input }) as SqlServerCredentials;

describe('sqlserver over plain TDS 7.4', () => {
  let server: FakeSqlServer;
  const plain = () =>
    credentials({
      host: '127.0.0.1',
      port: server.port,
      database: 'shop',
      user: 'sa',
      password: fakePassword,
      encrypt: false,
      applicationName: 'h6-sqlserver-protocol',
    });
  beforeAll(async () => {
    server = await startFakeSqlServer({ users: fakeUsers });
  });
  afterAll(async () => {
    await server.close();
  });

  it('binds named parameters through sp_executesql with the driver-inferred types', async () => {
    await using adapter = createSqlServerAdapter(plain());
    const result = await adapter.query(
      'SELECT @id AS id, @name AS name, @flag AS flag, @big AS big, @ratio AS ratio, @none AS none',
      {
        id: 7,
        name: "O'Brien",
        flag: true,
        big: 2 ** 40,
        ratio: 0.25,
        none: null,
      },
    );
    expect(result.rows).toEqual([
      { id: 7, name: "O'Brien", flag: true, big: String(2 ** 40), ratio: 0.25, none: null },
    ]);
    expect(result.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'int'],
      ['name', 'nvarchar'],
      ['flag', 'bit'],
      ['big', 'bigint'],
      ['ratio', 'float'],
      ['none', 'nvarchar'],
    ]);
    const sent = server.requests.at(-1)!;
    expect(sent.kind).toBe('rpc');
    expect(sent.declarations).toMatch(/@id int, @name nvarchar\(7\), @flag bit, @big bigint, @ratio float/);
    expect(sent.params).toMatchObject({ id: 7, name: "O'Brien", flag: true, big: BigInt(2 ** 40), ratio: 0.25 });
  });

  it('binds positional parameters as @p1..@pn, the SQL text untouched', async () => {
    await using adapter = createSqlServerAdapter(plain());
    const sql = 'SELECT @p2 AS second, @p1 AS first';
    const result = await adapter.query(sql, ['a', 'b']);
    expect(result.rows).toEqual([{ second: 'b', first: 'a' }]);
    expect(server.requests.at(-1)).toMatchObject({ sql, params: { p1: 'a', p2: 'b' } });
  });

  it('stops reading at maxRows: the server sees an attention and the connection stays usable', async () => {
    await using adapter = createSqlServerAdapter(plain());
    const sql = 'SELECT value AS n FROM GENERATE_SERIES(1, 50000)';
    const result = await adapter.query(sql, undefined, { maxRows: 3 });
    expect(result).toMatchObject({ truncated: true, rows: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    expect(server.cancels).toContain(sql);
    expect((await adapter.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('reads a result spread over many packets to the end when it fits the cap', async () => {
    await using adapter = createSqlServerAdapter(plain());
    const result = await adapter.query('SELECT value AS n FROM GENERATE_SERIES(1, 20000)', undefined, {
      maxRows: 20000,
    });
    expect(result.truncated).toBe(false);
    expect(result.rows).toHaveLength(20000);
    expect(result.rows.at(-1)).toEqual({ n: 20000 });
  });

  it('cancels a timed-out statement on the server (attention recorded)', async () => {
    await using adapter = createSqlServerAdapter(plain());
    const sql = "WAITFOR DELAY '00:01:00'";
    await expect(adapter.query(sql, undefined, { timeoutMs: 300 })).rejects.toMatchObject({ code: ErrorCode.TIMEOUT });
    expect(server.cancels).toContain(sql);
    expect(server.runningStatements()).toBe(0);
  });

  it('maps server errors to QUERY_FAILED and PERMISSION_DENIED with the error number', async () => {
    const reader = createSqlServerAdapter({ ...plain(), user: 'reader', password: fakeUsers.reader.password });
    try {
      await expect(reader.query('SELECT * FROM vault.secrets')).rejects.toMatchObject({
        code: ErrorCode.PERMISSION_DENIED,
        details: { number: 229 },
      });
      await expect(reader.query('SELECT * FROM nowhere')).rejects.toMatchObject({
        code: ErrorCode.QUERY_FAILED,
        details: { number: 208 },
      });
    } finally {
      await reader.close();
    }
  });

  it('uses an injected driver, sends ApplicationIntent=ReadOnly from the URL, and logs no secret', async () => {
    const lines: string[] = [];
    const url = `sqlserver://sa:${encodeURIComponent(fakePassword)}@127.0.0.1:${server.port}/shop?applicationIntent=ReadOnly`;
    const adapter = createSqlServerAdapter(credentials({ url, encrypt: false, applicationName: 'h6-url-login' }), {
      driver: await loadDriver<MssqlDriver>('mssql'),
      log: (message, fields) => lines.push(`${message} ${JSON.stringify(fields ?? {})}`),
    });
    try {
      await adapter.query('SELECT 1 AS one', undefined, { readOnly: true });
    } finally {
      await adapter.close();
    }
    expect(server.logins.at(-1)).toMatchObject({ appName: 'h6-url-login', readOnlyIntent: true, ok: true });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(fakePassword);
  });

  it('keeps the password out of a failed login error', async () => {
    const wrong = 'h6-Wrong-Secret-Value-1234';
    await using adapter = createSqlServerAdapter({ ...plain(), password: wrong });
    const error = await adapter.testConnection().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.AUTH_FAILED, details: { number: 18456 } });
    const text = JSON.stringify(error) + String((error as Error).stack) + String((error as Error).cause);
    expect(text).not.toContain(wrong);
    expect(server.logins.at(-1)).toMatchObject({ user: 'sa', ok: false });
  });
});

describe('sqlserver over TDS 8.0 (encrypt: strict)', () => {
  let server: FakeSqlServer;
  let certificate: TestCertificate;
  beforeAll(async () => {
    certificate = await createTestCertificate();
    server = await startFakeSqlServer({ users: fakeUsers, tls: certificate });
  });
  afterAll(async () => {
    await server.close();
  });
  const strict = (extra: Record<string, unknown> = {}) =>
    credentials({
      host: '127.0.0.1',
      port: server.port,
      database: 'shop',
      user: 'sa',
      password: fakePassword,
      encrypt: 'strict',
      ...extra,
    });

  it('negotiates TLS first with ALPN tds/8.0 when the CA is given', async () => {
    await using adapter = createSqlServerAdapter(strict({ ssl: { mode: 'verify-full', ca: certificate.cert } }));
    const result = await adapter.testConnection();
    expect(result.serverVersion).toContain('SQL Server');
    expect(server.logins.at(-1)).toMatchObject({ ok: true, alpn: 'tds/8.0' });
    const catalog = await adapter.introspect({ schemas: { include: ['shop'] } });
    expect(catalog.databases[0]!.schemas[0]!.tables.length).toBeGreaterThan(0);
  });

  it('fails with TLS_FAILED on an untrusted certificate, before any login', async () => {
    const logins = server.logins.length;
    await using adapter = createSqlServerAdapter(strict({ trustServerCertificate: true }));
    await expect(adapter.testConnection()).rejects.toMatchObject({ code: ErrorCode.TLS_FAILED });
    expect(server.logins.length).toBe(logins);
  });
});
