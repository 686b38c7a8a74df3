/**
 * PostgreSQL column statistics on the shared local server: min/max that include the most common values, a constant
 * number of statements whatever the table count, and a bounded sampling fallback whose omissions are named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsOf, parseCredentials } from '../../src/adapters/credentials.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/index.js';
import type { Catalog, Column } from '../../src/catalog/model.js';
import { adminExec, createTestDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';

let skewed: TestDatabase;
let few: TestDatabase;
let many: TestDatabase;
let unanalyzed: TestDatabase;

async function introspect(database: string, columnStats: Record<string, number> | true = true) {
  const adapter = createPostgresAdapter(
    parseCredentials({
      type: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database,
    }) as CredentialsOf<'postgres'>,
  );
  try {
    const catalog = await adapter.introspect({ columnStats });
    return { catalog, statements: adapter.queryCount };
  } finally {
    await adapter.close();
  }
}

const column = (catalog: Catalog, table: string, name: string): Column =>
  catalog.databases[0]!.schemas.flatMap((s) => s.tables)
    .find((t) => t.name === table)!
    .columns.find((c) => c.name === name)!;

/** `count` tables of three analyzed rows each in schema bulk. */
const bulkTables = (count: number) => [
  'CREATE SCHEMA bulk',
  `DO $$ BEGIN FOR i IN 1..${count} LOOP
     EXECUTE format('CREATE TABLE bulk.t_%s (id int PRIMARY KEY, label text)', i);
     EXECUTE format('INSERT INTO bulk.t_%s VALUES (1, ''a''), (2, ''b''), (3, ''c'')', i);
   END LOOP; END $$`,
  'ANALYZE',
];

beforeAll(async () => {
  [skewed, few, many, unanalyzed] = await Promise.all([
    createTestDatabase(sharedServer, 'pg_stats_skew'),
    createTestDatabase(sharedServer, 'pg_stats_10'),
    createTestDatabase(sharedServer, 'pg_stats_1000'),
    createTestDatabase(sharedServer, 'pg_stats_none'),
  ]);
  await Promise.all([
    adminExec(sharedServer, skewed.name, [
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')",
      `CREATE TABLE skew (n int, amount numeric(12,2), word text, at timestamptz, span interval, feeling mood,
         big bigint, flag boolean)`,
      // The smallest value of each column is its most common one, so it is missing from histogram_bounds.
      `INSERT INTO skew SELECT 1, 0.50, 'aaa', '2001-01-01 00:00:00+00', '1 day', 'sad', -9007199254740993, false
         FROM generate_series(1, 500)`,
      `INSERT INTO skew SELECT 100 + g, 100.50 + g, 'w' || lpad(g::text, 4, '0'), '2020-01-01 00:00:00+00'::timestamptz
         + g * interval '1 hour', g * interval '1 minute', 'happy', 9007199254740993 + g, true FROM generate_series(1, 200) g`,
      'ANALYZE skew',
    ]),
    adminExec(sharedServer, few.name, bulkTables(10)),
    adminExec(sharedServer, many.name, bulkTables(1000)),
    adminExec(sharedServer, unanalyzed.name, [
      ...Array.from(
        { length: 5 },
        (_, i) => `CREATE TABLE t${i + 1} (id int, label text) WITH (autovacuum_enabled = false)`,
      ),
      ...Array.from({ length: 5 }, (_, i) => `INSERT INTO t${i + 1} VALUES (1, 'x'), (2, NULL)`),
    ]),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([skewed?.drop(), few?.drop(), many?.drop(), unanalyzed?.drop()]);
});

describe('postgres column statistics', () => {
  it('takes min and max over the most common values and the histogram together', async () => {
    const { catalog } = await introspect(skewed.name);
    expect(column(catalog, 'skew', 'n').stats).toMatchObject({ source: 'statistics', min: '1', max: '300' });
    expect(column(catalog, 'skew', 'amount').stats).toMatchObject({ min: '0.50', max: '300.50' });
    expect(column(catalog, 'skew', 'word').stats).toMatchObject({ min: 'aaa', max: 'w0200' });
    expect(column(catalog, 'skew', 'big').stats).toMatchObject({
      min: '-9007199254740993',
      max: '9007199254741193',
    });
    expect(column(catalog, 'skew', 'flag').stats).toMatchObject({ min: 'f', max: 't' });
    const at = column(catalog, 'skew', 'at').stats!;
    expect(new Date(at.min!.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString()).toBe(
      '2001-01-01T00:00:00.000Z',
    );
    expect(new Date(at.max!.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString()).toBe(
      '2020-01-09T08:00:00.000Z',
    );
  });

  it('reports no min or max for types whose order it cannot reproduce (rather than a wrong one)', async () => {
    const { catalog } = await introspect(skewed.name);
    for (const name of ['span', 'feeling']) {
      const stats = column(catalog, 'skew', name).stats!;
      expect(stats.source).toBe('statistics');
      expect(stats.min).toBeUndefined();
      expect(stats.max).toBeUndefined();
    }
  });

  it('reads pg_stats for every table in the same number of statements at 10 and at 1,000 tables', async () => {
    const small = await introspect(few.name);
    const large = await introspect(many.name);
    expect(large.statements).toBe(small.statements);
    const tables = large.catalog.databases[0]!.schemas.find((s) => s.name === 'bulk')!.tables;
    expect(tables).toHaveLength(1000);
    for (const table of tables) {
      expect(table.columns.find((c) => c.name === 'label')!.stats).toMatchObject({
        source: 'statistics',
        min: 'a',
        max: 'c',
      });
    }
    expect(large.catalog.warnings).toEqual([]);
  }, 60_000);

  it('samples at most sampleTables tables without statistics and names the others in a warning', async () => {
    const all = await introspect(unanalyzed.name);
    const capped = await introspect(unanalyzed.name, { sampleTables: 2 });
    expect(all.statements - capped.statements).toBe(3);
    const sampledTables = capped.catalog.databases[0]!.schemas[0]!.tables.filter((t) => t.columns[0]!.stats);
    expect(sampledTables.map((t) => t.name)).toEqual(['t1', 't2']);
    expect(column(capped.catalog, 't1', 'label').stats).toMatchObject({ source: 'sample', nullFraction: 0.5 });
    const warning = capped.catalog.warnings.find((w) => w.code === 'STATS_SAMPLE_CAPPED')!;
    expect(warning.message).toContain('3 table(s)');
    for (const name of ['public.t3', 'public.t4', 'public.t5']) expect(warning.message).toContain(name);
    expect(warning.message).not.toContain('public.t1');
    expect(all.catalog.warnings.filter((w) => w.code === 'STATS_SAMPLE_CAPPED')).toEqual([]);
  });
});
