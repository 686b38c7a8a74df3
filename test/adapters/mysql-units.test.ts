/** MySQL adapter pieces that need no server: connection options, error codes, filters pushed into SQL. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseCredentials } from '../../src/adapters/credentials.js';
import { tablesQuery } from '../../src/adapters/mysql/catalog-queries.js';
import { columnGroups } from '../../src/adapters/mysql/catalog-rows.js';
import { mysqlConnectionOptions } from '../../src/adapters/mysql/connection.js';
import { mysqlErrorCode } from '../../src/adapters/mysql/errors.js';
import { createMysqlAdapter } from '../../src/adapters/mysql/index.js';
import { type DatataskError, ErrorCode } from '../../src/core/errors.js';

const credentials = (input: Record<string, unknown>) => {
  const parsed = parseCredentials({ type: 'mysql', ...input });
  if (parsed.type !== 'mysql') throw new Error('not mysql');
  return parsed;
};

describe('mysqlConnectionOptions', () => {
  it('reads a URL, and explicit fields win over it', () => {
    const options = mysqlConnectionOptions(
      credentials({ url: 'mariadb://ann:p%40ss@db.example:3307/sales?ssl-mode=VERIFY_IDENTITY', port: 3310 }),
    );
    expect(options).toMatchObject({ host: 'db.example', port: 3310, user: 'ann', password: 'p@ss', database: 'sales' });
    expect(options.ssl).toEqual({ rejectUnauthorized: true, verifyIdentity: true });
  });

  it('maps the SSL modes', () => {
    const ssl = (mode: string) => mysqlConnectionOptions(credentials({ host: 'h', ssl: { mode, ca: 'CA' } })).ssl;
    expect(ssl('disable')).toBeUndefined();
    expect(ssl('require')).toEqual({ ca: 'CA', rejectUnauthorized: false });
    expect(ssl('verify-ca')).toEqual({ ca: 'CA', rejectUnauthorized: true, verifyIdentity: false });
    expect(ssl('verify-full')).toEqual({ ca: 'CA', rejectUnauthorized: true, verifyIdentity: true });
  });

  it('passes the connect timeout and the application name', () => {
    const options = mysqlConnectionOptions(credentials({ host: 'h', connectTimeoutMs: 1234, applicationName: 'me' }));
    expect(options.connectTimeout).toBe(1234);
    expect(options.connectAttributes).toEqual({ program_name: 'me' });
    expect(options.multipleStatements).toBe(false);
  });
});

describe('mysqlErrorCode', () => {
  it.each([
    [{ errno: 1045, code: 'ER_ACCESS_DENIED_ERROR' }, ErrorCode.AUTH_FAILED],
    [{ errno: 1049, code: 'ER_BAD_DB_ERROR' }, ErrorCode.DATABASE_NOT_FOUND],
    [{ errno: 1142 }, ErrorCode.PERMISSION_DENIED],
    [{ errno: 1044 }, ErrorCode.PERMISSION_DENIED],
    [{ errno: 1792 }, ErrorCode.READ_ONLY_VIOLATION],
    [{ errno: 1969 }, ErrorCode.TIMEOUT],
    [{ errno: 3024 }, ErrorCode.TIMEOUT],
    [{ code: 'ECONNREFUSED', errno: -111 }, ErrorCode.HOST_UNREACHABLE],
    [{ code: 'ENOTFOUND' }, ErrorCode.HOST_UNREACHABLE],
    [{ code: 'ETIMEDOUT' }, ErrorCode.TIMEOUT],
    [{ code: 'HANDSHAKE_NO_SSL_SUPPORT' }, ErrorCode.TLS_FAILED],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, ErrorCode.TLS_FAILED],
    [{ errno: 1064, code: 'ER_PARSE_ERROR' }, ErrorCode.QUERY_FAILED],
  ])('%j -> %s', (error, code) => {
    expect(mysqlErrorCode(error)).toBe(code);
  });
});

describe('catalog filters', () => {
  it('pushes schema and table globs, plain and qualified, into the WHERE clause as bound LIKE patterns', () => {
    const query = tablesQuery({
      schemas: { include: ['sh*'], exclude: ['shadow'] },
      tables: { include: ['orders', 'billing.pay_*'], exclude: ['tmp?'] },
    });
    expect(query.sql).toContain('TABLE_SCHEMA NOT IN (?, ?, ?, ?)');
    expect(query.sql).toContain("CONCAT(TABLE_SCHEMA, '.', TABLE_NAME) LIKE ?");
    expect(query.params).toEqual([
      'mysql',
      'information_schema',
      'performance_schema',
      'sys',
      'sh%',
      'shadow',
      'orders',
      'billing.pay\\_%',
      'tmp_',
    ]);
    expect(query.sql).not.toContain('shadow');
  });

  it('keeps system schemas when asked', () => {
    expect(tablesQuery({ includeSystemSchemas: true }).params).toEqual([]);
  });
});

describe('createMysqlAdapter', () => {
  it('rejects calls after close without opening anything', async () => {
    const adapter = createMysqlAdapter(credentials({ host: '127.0.0.1', port: 1 }), {
      driver: {} as never,
    });
    await adapter.close();
    await expect(adapter.query('SELECT 1')).rejects.toMatchObject({ code: ErrorCode.CONNECTION_FAILED });
    expect(adapter.queryCount).toBe(0);
    expect(adapter.capabilities.materializedViews).toBe(false);
  });
});

describe('secrets in errors and log lines (fake driver)', () => {
  const secret = 'Fake-Secret-pw-5521';
  const parsed = () => credentials({ host: '127.0.0.1', user: 'ann', password: secret });
  const leakingError = () =>
    Object.assign(new Error(`Access denied for user 'ann' (password ${secret})`), {
      errno: 1045,
      code: 'ER_ACCESS_DENIED_ERROR',
    });

  /**
   * Enough of mysql2 for one statement that runs until its socket is closed (the connection then emits 'end', as
   * mysql2's does when the server closes a socket it ended), and a failing KILL connection.
   */
  function fakeDriver(onQuery: () => void, getConnectionError?: Error) {
    const command = new EventEmitter();
    const connection = Object.assign(new EventEmitter(), {
      threadId: 7,
      query: () => {
        onQuery();
        return command;
      },
      promise: () => ({ query: async () => [[{ version: '10.11.0-MariaDB' }]] }),
      release() {},
      destroy: () => connection.emit('end'),
    });
    return {
      createPool: () => ({
        on() {},
        getConnection: (callback: (error: Error | null, value?: unknown) => void) =>
          getConnectionError ? callback(getConnectionError) : callback(null, connection),
        promise: () => ({ end: async () => {} }),
      }),
      createConnection: () => ({
        on() {},
        destroy() {},
        promise: () => ({
          query: async () => {
            throw leakingError();
          },
        }),
      }),
    };
  }

  it('masks the password in a connection error', async () => {
    const adapter = createMysqlAdapter(parsed(), { driver: fakeDriver(() => {}, leakingError()) });
    const error = await adapter.testConnection().then(
      () => undefined,
      (caught: unknown) => caught as DatataskError,
    );
    await adapter.close();
    expect(error?.code).toBe(ErrorCode.AUTH_FAILED);
    expect(error?.message).toContain('[REDACTED]');
    expect(JSON.stringify(error?.toJSON())).not.toContain(secret);
  });

  it('masks the password in the log line of a failed cancellation, and still ends the aborted query', async () => {
    const lines: string[] = [];
    const controller = new AbortController();
    const adapter = createMysqlAdapter(parsed(), {
      driver: fakeDriver(() => queueMicrotask(() => controller.abort())),
      log: (message, fields) => lines.push(`${message} ${JSON.stringify(fields)}`),
    });
    const error = await adapter.query('SELECT SLEEP(60)', undefined, { signal: controller.signal }).then(
      () => undefined,
      (caught: unknown) => caught as DatataskError,
    );
    await adapter.close();
    expect(error?.code).toBe(ErrorCode.ABORTED);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('[REDACTED]');
    expect(lines[0]).not.toContain(secret);
  });
});

describe('columnGroups', () => {
  const row = (schema: string, table: string, name: string, ordinal: number) => ({
    TABLE_SCHEMA: schema,
    TABLE_NAME: table,
    COLUMN_NAME: name,
    ORDINAL_POSITION: ordinal,
    COLUMN_DEFAULT: null,
    IS_NULLABLE: 'YES',
    COLUMN_TYPE: 'int(11)',
    COLUMN_COMMENT: '',
    EXTRA: '',
  });

  it('groups columns that arrive in any order by exact table name, each table in ordinal order', () => {
    const columns = columnGroups('db');
    // The columns read has no ORDER BY: tables interleave (`A` and `a` too) and positions may come out of order.
    for (const r of [
      row('s', 'A', 'c3', 3),
      row('s', 'a', 'x1', 1),
      row('s', 'A', 'c1', 1),
      row('t', 'A', 'only', 1),
      row('s', 'A', 'c2', 2),
      row('s', 'a', 'x2', 2),
    ])
      columns.add(r);
    const byTable = Object.fromEntries(
      columns
        .groups()
        .map((group) => [`${group.schema}.${group.table}`, group.columns.map((c) => [c.name, c.ordinal])]),
    );
    expect(byTable).toEqual({
      's.A': [
        ['c1', 1],
        ['c2', 2],
        ['c3', 3],
      ],
      's.a': [
        ['x1', 1],
        ['x2', 2],
      ],
      't.A': [['only', 1]],
    });
    expect(columns.count()).toBe(6);
  });
});
