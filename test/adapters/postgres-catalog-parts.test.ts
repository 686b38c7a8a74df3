/**
 * The PostgreSQL catalog parts beyond tables and keys: CHECK constraints, enum types with their labels, sequences
 * and partition bounds, read without adding a statement, and present in the catalog's JSON Schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsOf, parseCredentials } from '../../src/adapters/credentials.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/index.js';
import { Catalog, catalogJsonSchema, type Schema } from '../../src/catalog/model.js';
import { adminExec, createTestDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';

let full: TestDatabase;
let bare: TestDatabase;

async function introspect(database: string, options: { tables?: { include: string[] } } = {}) {
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
    const catalog = await adapter.introspect(options);
    return { catalog, statements: adapter.queryCount };
  } finally {
    await adapter.close();
  }
}

const schemaOf = (catalog: Catalog, name: string): Schema =>
  catalog.databases[0]!.schemas.find((s) => s.name === name)!;

beforeAll(async () => {
  [full, bare] = await Promise.all([
    createTestDatabase(sharedServer, 'pg_parts'),
    createTestDatabase(sharedServer, 'pg_parts_bare'),
  ]);
  await adminExec(sharedServer, bare.name, ['CREATE TABLE plain (id int)']);
  await adminExec(sharedServer, full.name, [
    'CREATE SCHEMA app',
    // Labels deliberately not in alphabetical order: the catalog keeps the enum's own order.
    "CREATE TYPE app.status AS ENUM ('new', 'active', 'closed')",
    "COMMENT ON TYPE app.status IS 'Lifecycle of an order'",
    `CREATE TABLE app.orders (
       id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
       code serial,
       status app.status NOT NULL DEFAULT 'new',
       amount numeric(12,2) CONSTRAINT amount_positive CHECK (amount >= 0),
       low int, high int,
       spread int GENERATED ALWAYS AS (high - low) STORED,
       CONSTRAINT low_below_high CHECK (low < high))`,
    'CREATE SEQUENCE app.invoice_numbers AS integer START WITH 1000 INCREMENT BY 5 MINVALUE 10 MAXVALUE 99999 CYCLE',
    `CREATE TABLE app.events (id int, day date, region text) PARTITION BY RANGE (day)`,
    "CREATE TABLE app.events_2026_01 PARTITION OF app.events FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')",
    'CREATE TABLE app.events_rest PARTITION OF app.events DEFAULT',
    `CREATE TABLE app.by_region (id int, region text) PARTITION BY LIST (region)`,
    "CREATE TABLE app.by_region_eu PARTITION OF app.by_region FOR VALUES IN ('de', 'fr')",
    // Dropped columns leave gaps in the attribute numbers that keys and indexes are read as.
    'CREATE TABLE app.gappy (gone1 int, a int, gone2 int, b int, c int)',
    'ALTER TABLE app.gappy DROP COLUMN gone1, DROP COLUMN gone2',
    'ALTER TABLE app.gappy ADD PRIMARY KEY (b, a), ADD CONSTRAINT gappy_c UNIQUE (c)',
    'CREATE INDEX gappy_ca ON app.gappy (c, a)',
    'CREATE TABLE app.gappy_child (x int, ref_b int, ref_a int, FOREIGN KEY (ref_b, ref_a) REFERENCES app.gappy (b, a))',
    'ALTER TABLE app.gappy_child DROP COLUMN x',
    // Foreign keys to tables the columns read leaves out: a partition, and (below) a table filtered out.
    'ALTER TABLE app.events_2026_01 ADD CONSTRAINT events_january_id UNIQUE (id)',
    'CREATE TABLE app.january_notes (event_id int REFERENCES app.events_2026_01 (id))',
  ]);
});

afterAll(async () => {
  await Promise.all([full?.drop(), bare?.drop()]);
});

describe('postgres catalog parts', () => {
  it('reads CHECK constraints with their expression and columns', async () => {
    const { catalog } = await introspect(full.name);
    const orders = schemaOf(catalog, 'app').tables.find((t) => t.name === 'orders')!;
    expect(orders.checkConstraints).toEqual([
      { name: 'amount_positive', expression: 'CHECK (amount >= 0::numeric)', columns: ['amount'] },
      { name: 'low_below_high', expression: 'CHECK (low < high)', columns: ['low', 'high'] },
    ]);
    const events = schemaOf(catalog, 'app').tables.find((t) => t.name === 'events')!;
    expect(events.checkConstraints).toBeUndefined();
  });

  it("reads defaults and a generated column's expression, which names other columns", async () => {
    const { catalog } = await introspect(full.name);
    const orders = schemaOf(catalog, 'app').tables.find((t) => t.name === 'orders')!;
    const column = (name: string) => orders.columns.find((c) => c.name === name)!;
    expect(column('code').default).toBe("nextval('app.orders_code_seq'::regclass)");
    expect(column('status').default).toBe("'new'::app.status");
    expect(column('spread')).toMatchObject({ default: '(high - low)', isGenerated: true });
    expect(column('id')).toMatchObject({ isIdentity: true });
    expect(column('id').default).toBeUndefined();
    expect(column('amount').default).toBeUndefined();
  });

  it('names key and index columns where dropped columns left gaps in the attribute numbers', async () => {
    const { catalog } = await introspect(full.name);
    const gappy = schemaOf(catalog, 'app').tables.find((t) => t.name === 'gappy')!;
    expect(gappy.columns.map((c) => [c.name, c.ordinal])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(gappy.primaryKey?.columns).toEqual(['b', 'a']);
    expect(gappy.uniqueConstraints.map((u) => u.columns)).toEqual([['c']]);
    expect(gappy.indexes.find((i) => i.name === 'gappy_ca')?.columns).toEqual(['c', 'a']);
    const child = schemaOf(catalog, 'app').tables.find((t) => t.name === 'gappy_child')!;
    expect(child.foreignKeys[0]).toMatchObject({ columns: ['ref_b', 'ref_a'], referencedColumns: ['b', 'a'] });
  });

  it("names a foreign key's referenced columns when the referenced table's columns are not read", async () => {
    const { catalog } = await introspect(full.name);
    const notes = schemaOf(catalog, 'app').tables.find((t) => t.name === 'january_notes')!;
    expect(notes.foreignKeys).toMatchObject([
      { columns: ['event_id'], referencedTable: 'events_2026_01', referencedColumns: ['id'] },
    ]);
    const filtered = await introspect(full.name, { tables: { include: ['gappy_child'] } });
    const tables = schemaOf(filtered.catalog, 'app').tables;
    expect(tables.map((t) => t.name)).toEqual(['gappy_child']);
    expect(tables[0]!.foreignKeys).toMatchObject([
      { columns: ['ref_b', 'ref_a'], referencedTable: 'gappy', referencedColumns: ['b', 'a'] },
    ]);
  });

  it('reads enum types with their labels in order', async () => {
    const { catalog } = await introspect(full.name);
    expect(schemaOf(catalog, 'app').enums).toEqual([
      { name: 'status', labels: ['new', 'active', 'closed'], comment: 'Lifecycle of an order' },
    ]);
    expect(schemaOf(catalog, 'public')?.enums).toBeUndefined();
  });

  it('reads sequences with bounds and the column that owns them', async () => {
    const { catalog } = await introspect(full.name);
    const sequences = schemaOf(catalog, 'app').sequences!;
    expect(sequences.find((s) => s.name === 'invoice_numbers')).toEqual({
      name: 'invoice_numbers',
      dataType: 'integer',
      start: '1000',
      increment: '5',
      minValue: '10',
      maxValue: '99999',
      cycle: true,
    });
    expect(sequences.find((s) => s.name === 'orders_id_seq')).toMatchObject({
      dataType: 'bigint',
      maxValue: '9223372036854775807',
      ownedBy: { table: 'orders', column: 'id', identity: true },
    });
    expect(sequences.find((s) => s.name === 'orders_code_seq')).toMatchObject({
      ownedBy: { table: 'orders', column: 'code' },
    });
    // A table filter leaves out the sequences of the tables it leaves out, not the free-standing ones.
    const filtered = await introspect(full.name, { tables: { include: ['events'] } });
    expect(schemaOf(filtered.catalog, 'app').sequences!.map((s) => s.name)).toEqual(['invoice_numbers']);
  });

  it('reads each partition bound', async () => {
    const { catalog } = await introspect(full.name);
    const tables = schemaOf(catalog, 'app').tables;
    expect(tables.find((t) => t.name === 'events')!.partitioning).toEqual({
      strategy: 'range',
      columns: ['day'],
      partitions: ['events_2026_01', 'events_rest'],
      partitionBounds: [
        { name: 'events_2026_01', bound: "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')" },
        { name: 'events_rest', bound: 'DEFAULT' },
      ],
    });
    expect(tables.find((t) => t.name === 'by_region')!.partitioning!.partitionBounds).toEqual([
      { name: 'by_region_eu', bound: "FOR VALUES IN ('de', 'fr')" },
    ]);
  });

  it('adds no statement for these parts, and the result is a valid catalog', async () => {
    const withParts = await introspect(full.name);
    const without = await introspect(bare.name);
    expect(withParts.statements).toBe(without.statements);
    expect(Catalog.safeParse(withParts.catalog).success).toBe(true);
  });

  it('describes the new parts in the JSON Schema', () => {
    const text = JSON.stringify(catalogJsonSchema());
    for (const key of ['checkConstraints', 'partitionBounds', 'enums', 'labels', 'sequences', 'ownedBy']) {
      expect(text).toContain(`"${key}"`);
    }
  });
});
