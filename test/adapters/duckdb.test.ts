/** DuckDB adapter behaviour beyond the shared contract. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { duckDbErrorCode } from '../../src/adapters/duckdb/index.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { createDuckDbFixture, type DuckDbFixture, trackedDuckDb } from '../helpers/duckdb.js';

const tracked = trackedDuckDb();
let shop: DuckDbFixture;
let wide: DuckDbFixture;
const wideTables = 200;

async function withAdapter<T>(credentials: CredentialsInput, body: (adapter: Adapter) => Promise<T>): Promise<T> {
  const adapter = await createAdapter(credentials, { driver: tracked.driver });
  try {
    return await body(adapter);
  } finally {
    await adapter.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<DatataskError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DatataskError);
  return error as DatataskError;
}

const memory: CredentialsInput = { type: 'duckdb', path: ':memory:' };

beforeAll(async () => {
  shop = await createDuckDbFixture();
  const statements = ['CREATE SCHEMA wide', 'CREATE SEQUENCE wide.ids'];
  for (let i = 0; i < wideTables; i++) {
    const fk = i > 0 ? `, ref INTEGER REFERENCES wide.t${i - 1} (id)` : '';
    statements.push(
      `CREATE TABLE wide.t${i} (id INTEGER PRIMARY KEY DEFAULT nextval('wide.ids'), name VARCHAR${fk})`,
      `CREATE INDEX t${i}_name_idx ON wide.t${i} (name)`,
      `COMMENT ON TABLE wide.t${i} IS 'table ${i}'`,
    );
  }
  wide = await createDuckDbFixture(statements);
}, 120_000);

afterAll(async () => {
  await shop?.remove();
  await wide?.remove();
});

describe('duckdb adapter: introspection', () => {
  it('sends the same number of statements for the small fixture and for 200 tables', async () => {
    const measure = (file: string) =>
      withAdapter({ type: 'duckdb', path: file }, async (adapter) => ({
        catalog: await adapter.introspect(),
        statements: adapter.queryCount,
      }));
    const small = await measure(shop.file);
    const large = await measure(wide.file);
    const tables = large.catalog.databases[0]!.schemas.find((s) => s.name === 'wide')!.tables;
    expect(tables).toHaveLength(wideTables);
    for (const table of tables) {
      expect(table.primaryKey?.columns).toEqual(['id']);
      expect(table.indexes.map((index) => index.name)).toEqual([`${table.name}_name_idx`]);
      expect(table.comment).toBe(`table ${table.name.slice(1)}`);
      expect(table.columns[0]).toMatchObject({ name: 'id', isIdentity: true, type: 'integer' });
    }
    expect(tables.find((t) => t.name === 't7')!.foreignKeys).toEqual([
      {
        columns: ['ref'],
        referencedSchema: 'wide',
        referencedTable: 't6',
        referencedColumns: ['id'],
        name: expect.any(String),
      },
    ]);
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBeLessThanOrEqual(8);
  });

  it('lists attached databases and filters them', async () => {
    await withAdapter({ type: 'duckdb', path: shop.file }, async (adapter) => {
      await adapter.query(`ATTACH '${wide.file.replace(/'/g, "''")}' AS other (READ_ONLY)`);
      const all = await adapter.introspect();
      expect(all.databases.map((d) => d.name).sort()).toEqual(['other', 'warehouse']);
      const only = await adapter.introspect({ databases: { include: ['oth*'] } });
      expect(only.databases.map((d) => d.name)).toEqual(['other']);
      expect(only.databases[0]!.schemas.map((s) => s.name)).toEqual(['main', 'wide']);
    });
  });

  it('matches a schema glob with a dot against database.schema, as the other engines do', async () => {
    await withAdapter({ type: 'duckdb', path: shop.file }, async (adapter) => {
      await adapter.query(`ATTACH '${wide.file.replace(/'/g, "''")}' AS other (READ_ONLY)`);
      const catalog = await adapter.introspect({ schemas: { include: ['other.wide'] } });
      // Before the catalog went through assembleCatalog, the dotted glob was tested against the bare schema name
      // and every schema was left out.
      expect(catalog.databases.map((d) => [d.name, d.schemas.map((s) => s.name)])).toEqual([
        ['other', ['wide']],
        ['warehouse', []],
      ]);
    });
  });

  it('samples column statistics and reads view comments', async () => {
    const catalog = await withAdapter({ type: 'duckdb', path: shop.file }, (adapter) =>
      adapter.introspect({ schemas: { include: ['shop'] }, columnStats: { sampleValues: 0 } }),
    );
    const tables = catalog.databases[0]!.schemas[0]!.tables;
    const email = tables.find((t) => t.name === 'customers')!.columns.find((c) => c.name === 'email')!;
    expect(email.stats).toEqual({
      source: 'sample',
      nullFraction: 0,
      distinctCount: 5,
      min: 'email_1',
      max: 'email_5',
      sampleValues: [],
    });
    const view = tables.find((t) => t.name === 'customer_order_totals')!;
    expect(view).toMatchObject({ kind: 'view', comment: 'Orders and spend per customer' });
    expect(view.columns.map((c) => c.stats)).toEqual([undefined, undefined, undefined]);
  });
});

describe('duckdb adapter: queries', () => {
  it('binds ? and $name parameters and returns JSON-safe integers', async () => {
    await withAdapter(memory, async (adapter) => {
      const positional = await adapter.query('SELECT ? + 1 AS n, ? AS s', [41, 'x']);
      expect(positional.rows).toEqual([{ n: 42, s: 'x' }]);
      const named = await adapter.query('SELECT $name AS who', { name: "o'brien" });
      expect(named.rows).toEqual([{ who: "o'brien" }]);
      const big = await adapter.query('SELECT 9007199254740993::BIGINT AS big, 7::BIGINT AS small');
      expect(big.rows).toEqual([{ big: '9007199254740993', small: 7 }]);
      expect(big.columns).toEqual([
        { name: 'big', type: 'BIGINT' },
        { name: 'small', type: 'BIGINT' },
      ]);
    });
  });

  it('stops reading at the row cap', async () => {
    const result = await withAdapter(memory, (adapter) =>
      adapter.query('SELECT range AS n FROM range(1000000000)', undefined, { maxRows: 10 }),
    );
    expect(result.rows.map((row) => row.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.truncated).toBe(true);
  });

  it('runs only SELECT and EXPLAIN in a read-only query', async () => {
    await withAdapter(memory, async (adapter) => {
      await adapter.query('CREATE TABLE t (x INTEGER)');
      const error = await rejection(adapter.query('INSERT INTO t VALUES (1)', undefined, { readOnly: true }));
      expect(error.code).toBe(ErrorCode.READ_ONLY_VIOLATION);
      await expect(adapter.query('SELECT count(*) AS n FROM t', undefined, { readOnly: true })).resolves.toMatchObject({
        rows: [{ n: 0 }],
      });
    });
  });

  it('opens read-only credentials with access_mode READ_ONLY', async () => {
    await withAdapter({ type: 'duckdb', path: shop.file, readOnly: true }, async (adapter) => {
      const result = await adapter.query("SELECT readonly FROM duckdb_databases() WHERE database_name = 'warehouse'");
      expect(result.rows).toEqual([{ readonly: true }]);
      const error = await rejection(adapter.query('DELETE FROM shop.customers'));
      expect(error.code).toBe(ErrorCode.READ_ONLY_VIOLATION);
    });
  });

  it('interrupts running statements on close and closes every connection and the instance', async () => {
    const adapter = await createAdapter(memory, { driver: tracked.driver });
    const running = adapter.query('SELECT count(*) FROM range(1000000000000) AS t(a) WHERE a % 7 = 8', undefined, {
      timeoutMs: 120_000,
    });
    // Handled from the start: it fails during close(), before the check below looks at it.
    running.catch(() => undefined);
    // Whatever stage the statement reached (opening, preparing, running), close() stops it.
    await adapter.close();
    const error = await rejection(running);
    expect(error.code).toBe(ErrorCode.ABORTED);
    expect(tracked.open()).toBe(0);
    await expect(adapter.query('SELECT 1')).rejects.toMatchObject({ code: ErrorCode.CONNECTION_FAILED });
  });

  it('fails a missing read-only file with DATABASE_NOT_FOUND', async () => {
    const error = await rejection(
      withAdapter({ type: 'duckdb', path: path.join(shop.dir, 'nope', 'x.duckdb'), readOnly: true }, (adapter) =>
        adapter.testConnection(),
      ),
    );
    expect(error.code).toBe(ErrorCode.DATABASE_NOT_FOUND);
    expect(tracked.open()).toBe(0);
  });
});

describe('duckDbErrorCode', () => {
  it.each([
    ['Catalog Error: Table with name nope does not exist!', ErrorCode.QUERY_FAILED],
    ['Parser Error: syntax error at or near "SELEC"', ErrorCode.QUERY_FAILED],
    ['INTERRUPT Error: Interrupted!', ErrorCode.ABORTED],
    [
      'Invalid Input Error: Cannot execute statement of type "INSERT" on database "w" which is attached in read-only mode!',
      ErrorCode.READ_ONLY_VIOLATION,
    ],
    ['IO Error: Cannot open database "x" in read-only mode: database does not exist', ErrorCode.DATABASE_NOT_FOUND],
    ['Permission Error: File system LocalFileSystem has been disabled by configuration', ErrorCode.PERMISSION_DENIED],
  ])('%s -> %s', (message, code) => {
    expect(duckDbErrorCode(message, 'query')).toBe(code);
  });

  it('treats an unclassified open failure (a lock held elsewhere) as CONNECTION_FAILED', () => {
    expect(duckDbErrorCode('IO Error: Could not set lock on file "x": Conflicting lock is held', 'open')).toBe(
      ErrorCode.CONNECTION_FAILED,
    );
  });
});
