/** Field values (distinct values of low-cardinality text columns) on the real engines, and their bounds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { collectFieldValues, fieldValueSettings } from '../../src/adapters/kernel/field-values.js';
import type { Catalog, Column, Database } from '../../src/catalog/model.js';
import { createCatalogIndex } from '../../src/catalog/search.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { createDuckDbFixture, type DuckDbFixture } from '../helpers/duckdb.js';
import { adminConnection } from '../helpers/mysql.js';
import { adminExec, createTestDatabase, sharedServer, type TestDatabase, uniqueName } from '../helpers/pg.js';

/** The same small world on every engine: a carrier name column with 3 values over 30 rows, and columns to skip. */
const rows = Array.from({ length: 30 }, (_, i) => i + 1);
const carrier = (i: number) => ['KLM', 'Lufthansa', 'SAS'][i % 3];
function worldStatements(prefix: string): string[] {
  return [
    `CREATE TABLE ${prefix}legs (id INTEGER PRIMARY KEY, carrier_name VARCHAR(40), contact_email VARCHAR(80), seat_code VARCHAR(10))`,
    `INSERT INTO ${prefix}legs VALUES ${rows.map((i) => `(${i}, '${carrier(i)}', 'crew${i}@example.com', 'S${i}')`).join(', ')}`,
    `CREATE INDEX legs_seat ON ${prefix}legs (seat_code)`,
    `CREATE TABLE ${prefix}fares (id INTEGER PRIMARY KEY, fare_class VARCHAR(20), amount DECIMAL(10,2))`,
    `INSERT INTO ${prefix}fares VALUES (1, 'economy', 10), (2, 'business', 20), (3, 'economy', 30), (4, NULL, 40)`,
  ];
}

function columnsOf(catalog: Catalog): Map<string, Column> {
  const out = new Map<string, Column>();
  for (const database of catalog.databases)
    for (const schema of database.schemas)
      for (const table of schema.tables)
        for (const column of table.columns) out.set(`${table.name}.${column.name}`, column);
  return out;
}

async function introspect(credentials: CredentialsInput, options: Record<string, unknown> = {}) {
  const read = async (fieldValues: boolean) => {
    const adapter = await createAdapter(credentials);
    try {
      return {
        catalog: await adapter.introspect({ ...options, fieldValues: fieldValues && { maxValues: 10 } }),
        statements: adapter.queryCount,
      };
    } finally {
      await adapter.close();
    }
  };
  const plain = await read(false);
  const withValues = await read(true);
  return {
    plain: plain.catalog,
    catalog: withValues.catalog,
    extraStatements: withValues.statements - plain.statements,
  };
}

function expectWorld(catalog: Catalog, plain: Catalog, legsSource: 'statistics' | 'query'): void {
  const columns = columnsOf(catalog);
  expect(columns.get('legs.carrier_name')?.fieldValues).toEqual({
    values: ['KLM', 'Lufthansa', 'SAS'],
    complete: legsSource === 'statistics' ? true : expect.any(Boolean),
    source: legsSource,
  });
  expect(columns.get('fares.fare_class')?.fieldValues?.values).toEqual(['business', 'economy']);
  // 30 distinct seat codes > maxValues 10; emails are never collected; numbers are not text.
  expect(columns.get('legs.seat_code')?.fieldValues).toBeUndefined();
  expect(columns.get('legs.contact_email')?.fieldValues).toBeUndefined();
  expect(columns.get('fares.amount')?.fieldValues).toBeUndefined();
  expect([...columnsOf(plain).values()].some((column) => column.fieldValues)).toBe(false);
  // The values reach the search: a question naming only a value finds its table.
  expect(createCatalogIndex(catalog).search('everything operated by Lufthansa', { limit: 1 })[0]?.table).toBe('legs');
}

describe('field values on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(sharedServer, 'fieldvalues');
    // legs is analyzed (values come from pg_stats); fares never is (a bounded query reads them).
    await adminExec(sharedServer, database.name, [...worldStatements('public.'), 'ANALYZE public.legs']);
  });
  afterAll(() => database?.drop());

  it('reads most_common_vals from pg_stats and queries only columns without statistics', async () => {
    const { catalog, plain, extraStatements } = await introspect({
      type: 'postgres',
      ...sharedServer,
      database: database.name,
    });
    expectWorld(catalog, plain, 'statistics');
    // One pg_stats read + one query for fares.fare_class: the analyzed legs columns cost nothing.
    expect(extraStatements).toBe(2);
  });
});

describe('field values on MariaDB', () => {
  const name = uniqueName('fv').toLowerCase();
  beforeAll(async () => {
    const admin = await adminConnection();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
      for (const statement of worldStatements(`${name}.`)) await admin.query(statement);
      await admin.query(`ANALYZE TABLE ${name}.legs`);
    } finally {
      await admin.end();
    }
  });
  afterAll(async () => {
    const admin = await adminConnection();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`).finally(() => admin.end());
  });

  it('skips columns whose index cardinality is too high, and queries the others one by one', async () => {
    const credentials: CredentialsInput = {
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: name,
    };
    const { catalog, plain, extraStatements } = await introspect(credentials, { schemas: { include: [name] } });
    expectWorld(catalog, plain, 'query');
    // information_schema.STATISTICS once, then carrier_name and fare_class: seat_code's index says 30 distinct
    // values (over maxValues), emails and numbers are never asked for.
    expect(extraStatements).toBe(3);
  });
});

describe('field values on DuckDB', () => {
  let fixture: DuckDbFixture;
  beforeAll(async () => {
    fixture = await createDuckDbFixture(['CREATE SCHEMA air', ...worldStatements('air.')]);
  });
  afterAll(() => fixture?.remove());

  it('collects values with one bounded query per candidate column', async () => {
    const { catalog, plain, extraStatements } = await introspect({
      type: 'duckdb',
      path: fixture.file,
      readOnly: true,
    });
    expectWorld(catalog, plain, 'query');
    expect(extraStatements).toBe(3);
  });
});

describe('field value bounds', () => {
  function wideCatalog(tables: number): Database[] {
    return [
      {
        name: 'wide',
        schemas: [
          {
            name: 'public',
            tables: Array.from({ length: tables }, (_, t) => ({
              name: `t${t}`,
              kind: 'table' as const,
              rowCountEstimate: t,
              columns: [
                { name: 'id', ordinal: 1, nativeType: 'int', type: 'integer' as const, nullable: false },
                { name: 'status', ordinal: 2, nativeType: 'text', type: 'text' as const, nullable: true },
              ],
              primaryKey: { columns: ['id'] },
              foreignKeys: [],
              uniqueConstraints: [],
              indexes: [],
            })),
          },
        ],
      },
    ];
  }

  it('a 10,000-table catalog costs at most maxQueries (default 200) value queries, smallest tables first', async () => {
    const databases = wideCatalog(10_000);
    const sent: string[] = [];
    const settings = fieldValueSettings(true)!;
    const { queries } = await collectFieldValues(databases, settings, {
      distinctSql: (_d, _s, table) => table,
      select: async (sql) => {
        sent.push(sql);
        return [{ value: 'open' }, { value: 'closed' }];
      },
    });
    expect(queries).toBe(200);
    expect(sent).toHaveLength(200);
    expect(sent.slice(0, 3)).toEqual(['t0', 't1', 't2']);
    const collected = databases[0]!.schemas[0]!.tables.filter((t) => t.columns[1]?.fieldValues);
    expect(collected).toHaveLength(200);
  });

  it('caps values in count and length, and a failing column becomes a warning', async () => {
    const databases = wideCatalog(2);
    const settings = fieldValueSettings({ maxValues: 3, maxValueLength: 5 })!;
    const { warnings } = await collectFieldValues(databases, settings, {
      distinctSql: (_d, _s, table) => table,
      select: async (sql) => {
        if (sql === 't1') throw new DatataskError(ErrorCode.PERMISSION_DENIED, 'permission denied for table t1');
        return [{ value: 'a-very-long-value' }, { value: 'b' }];
      },
    });
    expect(databases[0]!.schemas[0]!.tables[0]!.columns[1]?.fieldValues?.values).toEqual(['a-ver', 'b']);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        scope: 'wide.public.t1.status',
        message: expect.stringMatching(/permission denied/),
      }),
    ]);
  });

  it('a lost connection or an untyped error fails the collection instead of becoming a warning', async () => {
    for (const thrown of [new DatataskError(ErrorCode.CONNECTION_FAILED, 'connection lost'), new TypeError('bug')]) {
      await expect(
        collectFieldValues(wideCatalog(2), fieldValueSettings(true)!, {
          distinctSql: (_d, _s, table) => table,
          select: async () => {
            throw thrown;
          },
        }),
      ).rejects.toBe(thrown);
    }
  });

  it('an abort stops the collection', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      collectFieldValues(wideCatalog(3), fieldValueSettings(true)!, {
        signal: controller.signal,
        distinctSql: () => 'x',
        select: async () => [],
      }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
