/** PostgreSQL introspection details on the shared local server: constant statement count, partitions, stats. */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsOf, parseCredentials } from '../../src/adapters/credentials.js';
import { runMappedQuery } from '../../src/adapters/pg-wire/statement.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/index.js';
import type { Catalog, Table } from '../../src/catalog/model.js';
import {
  adminExec,
  createFixtureDatabase,
  dropRoles,
  sharedServer,
  type TestDatabase,
  uniqueName,
} from '../helpers/pg.js';

const applicationName = uniqueName('pg_introspect');
let small: TestDatabase;
let big: TestDatabase;
const partialRole = uniqueName('partial');

const adapterFor = (
  database: string,
  extra: Record<string, unknown> = {},
  adapterOptions: Parameters<typeof createPostgresAdapter>[1] = {},
) =>
  createPostgresAdapter(
    parseCredentials({
      type: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database,
      applicationName,
      ...extra,
    }) as CredentialsOf<'postgres'>,
    adapterOptions,
  );

async function introspect(database: string, options: Parameters<ReturnType<typeof adapterFor>['introspect']>[0] = {}) {
  const adapter = adapterFor(database);
  try {
    const catalog = await adapter.introspect(options);
    return { catalog, statements: adapter.queryCount };
  } finally {
    await adapter.close();
  }
}

/**
 * The pg module with a Client that records every statement each connection is sent (by connection), after
 * `rewrite` (to make one fail on the server).
 */
function recordingDriver(sent: Map<object, string[]>, rewrite: (text: string) => string = (text) => text): typeof pg {
  class RecordingClient extends pg.Client {
    override query(...args: unknown[]): never {
      const config = args[0] as string | { text?: string };
      if (typeof config === 'string') args[0] = rewrite(config);
      else if (config.text !== undefined) config.text = rewrite(config.text);
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string }).text ?? '');
      sent.set(this, [...(sent.get(this) ?? []), text]);
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  return { ...pg, Client: RecordingClient } as unknown as typeof pg;
}

const table = (catalog: Catalog, schema: string, name: string): Table | undefined =>
  catalog.databases[0]?.schemas.find((s) => s.name === schema)?.tables.find((t) => t.name === name);

beforeAll(async () => {
  [small, big] = await Promise.all([
    createFixtureDatabase(sharedServer, 'pg_small'),
    createFixtureDatabase(sharedServer, 'pg_big', { extraTables: 200 }),
  ]);
});

afterAll(async () => {
  await Promise.all([small?.drop(), big?.drop()]);
  await dropRoles(sharedServer, [partialRole]);
});

describe('postgres introspection', () => {
  it('sends the same number of catalog statements for 8 tables and for 208', async () => {
    const few = await introspect(small.name);
    const many = await introspect(big.name);
    expect(many.catalog.databases[0]!.schemas.find((s) => s.name === 'bulk')!.tables).toHaveLength(200);
    expect(many.statements).toBe(few.statements);
    // Every bulk table is read whole: key, foreign key, index, comment.
    const bulk = table(many.catalog, 'bulk', 't_0200')!;
    expect(bulk.primaryKey?.columns).toEqual(['id']);
    expect(bulk.foreignKeys[0]).toMatchObject({ referencedSchema: 'shop', referencedTable: 'customers' });
    expect(bulk.indexes.map((i) => i.name)).toContain('t_0200_label_idx');
    expect(bulk.comment).toBe('Bulk table 200');
  });

  it('lists partitions under their parent, not as tables', async () => {
    const { catalog } = await introspect(small.name);
    const billing = catalog.databases[0]!.schemas.find((s) => s.name === 'billing')!;
    expect(billing.tables.map((t) => t.name)).not.toContain('payment_events_2026_01');
    expect(table(catalog, 'billing', 'payment_events')).toMatchObject({
      kind: 'partitioned',
      partitioning: {
        strategy: 'range',
        columns: ['received_at'],
        partitions: ['payment_events_2026_01', 'payment_events_2026_02'],
      },
    });
  });

  it('reads sizes, row estimates, identity details and the server version', async () => {
    await adminExec(sharedServer, small.name, ['ANALYZE shop.customers']);
    const { catalog } = await introspect(small.name);
    expect(catalog.serverVersion).toMatch(/^\d+/);
    const customers = table(catalog, 'shop', 'customers')!;
    expect(customers.rowCountEstimate).toBe(5);
    expect(customers.sizeBytes).toBeGreaterThan(0);
    expect(customers.columns.find((c) => c.name === 'email')).toMatchObject({ nativeType: 'text', nullable: false });
    expect(table(catalog, 'shop', 'products')!.columns.find((c) => c.name === 'price')!.nativeType).toBe(
      'numeric(10,2)',
    );
  });

  it('takes column statistics from pg_stats, and from a bounded sample for tables never analyzed', async () => {
    await adminExec(sharedServer, small.name, ['ANALYZE shop.customers']);
    const { catalog } = await introspect(small.name, {
      columnStats: { sampleValues: 3 },
      tables: { include: ['customers', 'products'] },
    });
    const email = table(catalog, 'shop', 'customers')!.columns.find((c) => c.name === 'email')!;
    expect(email.stats).toMatchObject({
      source: 'statistics',
      nullFraction: 0,
      distinctCount: 5,
      min: 'email-1',
      max: 'email-5',
    });
    const price = table(catalog, 'shop', 'products')!.columns.find((c) => c.name === 'price')!;
    expect(price.stats).toMatchObject({
      source: 'sample',
      nullFraction: 0,
      distinctCount: 4,
      min: '10.50',
      max: '42.00',
    });
    expect(price.stats!.sampleValues).toHaveLength(3);
  });

  it("names a foreign key's referenced columns when the referenced schema is filtered out", async () => {
    const { catalog } = await introspect(small.name, { schemas: { include: ['billing'] } });
    expect(catalog.databases[0]!.schemas.map((s) => s.name)).toEqual(['billing']);
    expect(table(catalog, 'billing', 'payments')?.foreignKeys).toMatchObject([
      { columns: ['order_id'], referencedSchema: 'shop', referencedTable: 'orders', referencedColumns: ['id'] },
    ]);
  });

  it('includes system schemas only when asked', async () => {
    const without = await introspect(small.name, { schemas: { include: ['pg_catalog', 'shop'] } });
    expect(without.catalog.databases[0]!.schemas.map((s) => s.name)).toEqual(['shop']);
    const withSystem = await introspect(small.name, {
      includeSystemSchemas: true,
      schemas: { include: ['pg_catalog'] },
    });
    expect(table(withSystem.catalog, 'pg_catalog', 'pg_class')?.kind).toBe('table');
  });

  it('warns about tables the user cannot read and still lists them', async () => {
    await adminExec(sharedServer, small.name, [
      `CREATE ROLE ${partialRole} LOGIN`,
      `GRANT USAGE ON SCHEMA shop TO ${partialRole}`,
      `GRANT SELECT ON shop.customers TO ${partialRole}`,
    ]);
    const adapter = adapterFor(small.name, { user: partialRole });
    try {
      const catalog = await adapter.introspect({ columnStats: true });
      expect(table(catalog, 'shop', 'orders')?.columns.length).toBeGreaterThan(0);
      const scopes = catalog.warnings.map((w) => w.scope);
      expect(scopes).toContain(`${small.name}.shop.orders`);
      expect(scopes).not.toContain(`${small.name}.shop.customers`);
      expect(scopes).toContain(`${small.name}.billing`);
      expect(catalog.warnings.every((w) => w.code === 'PERMISSION_DENIED')).toBe(true);
    } finally {
      await adapter.close();
      await adminExec(sharedServer, small.name, [`DROP OWNED BY ${partialRole}`]);
    }
  });

  it('rolls a failed read back, so the part becomes a warning and the session is not left in an aborted transaction', async () => {
    const sent = new Map<object, string[]>();
    // The constraints read names a relation that does not exist: the server fails it inside its transaction.
    const broken = (text: string) => text.replace('FROM pg_constraint con', 'FROM pg_constraint_missing con');
    const adapter = adapterFor(small.name, {}, { driver: recordingDriver(sent, broken) });
    try {
      const catalog = await adapter.introspect();
      expect(catalog.warnings.map((w) => w.message).join('\n')).toContain('pg_constraint_missing');
      const [statements] = [...sent.values()].filter((list) =>
        list.some((text) => text.includes('pg_constraint_missing')),
      );
      const at = statements!.findIndex((text) => text.includes('pg_constraint_missing'));
      expect(statements!.slice(at - 1, at + 2)).toEqual([
        'BEGIN READ ONLY; SET LOCAL jit = off',
        expect.stringContaining('pg_constraint_missing'),
        'ROLLBACK',
      ]);
      expect(table(catalog, 'shop', 'orders')?.columns.length).toBeGreaterThan(0);
    } finally {
      await adapter.close();
    }
  });

  it('leaves out every key and index of a read that fails after some of its rows arrived (whole or absent)', async () => {
    const sent = new Map<object, string[]>();
    // Each read streams all its rows, then fails: a second branch divides by zero on its first row.
    const failLate = (text: string) =>
      /FROM pg_constraint con|FROM pg_index ix/.test(text)
        ? `SELECT * FROM (${text}) first UNION ALL SELECT * FROM (${text}) again WHERE 1 / (again.name = '')::int = 1`
        : text;
    const adapter = adapterFor(small.name, {}, { driver: recordingDriver(sent, failLate) });
    try {
      const catalog = await adapter.introspect();
      const messages = catalog.warnings.map((w) => `${w.scope}: ${w.message}`).join('\n');
      expect(messages).toMatch(/constraints: .*division by zero/);
      expect(messages).toMatch(/indexes: .*division by zero/);
      const tables = catalog.databases[0]!.schemas.flatMap((s) => s.tables);
      expect(tables.length).toBeGreaterThan(3);
      for (const t of tables) {
        expect(t.columns.length).toBeGreaterThan(0);
        expect([t.primaryKey, t.checkConstraints, ...t.uniqueConstraints, ...t.foreignKeys, ...t.indexes]).toEqual([
          undefined,
          undefined,
        ]);
      }
      // The rows did arrive before the error: the mapper saw them.
      const failing = [...sent.values()].flat().filter((text) => text.includes('UNION ALL'));
      expect(failing).toHaveLength(2);
      const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: small.name });
      await client.connect();
      try {
        for (const text of failing) {
          let seen = 0;
          await expect(runMappedQuery(pg.Query, client, text, [], () => seen++)).rejects.toThrow('division by zero');
          expect(seen).toBeGreaterThan(3);
        }
      } finally {
        await client.end();
      }
    } finally {
      await adapter.close();
    }
  });

  it('runs the big catalog reads in READ ONLY transactions without JIT, and leaves no setting on the connections', async () => {
    const sent = new Map<object, string[]>();
    const adapter = adapterFor(big.name, {}, { driver: recordingDriver(sent) });
    try {
      await adapter.introspect();
      const reads = {
        relations: 'c.relkind AS relkind',
        columns: 'json_agg(json_build_array',
        constraints: 'FROM pg_constraint con',
        indexes: 'FROM pg_index ix',
      };
      for (const [read, marker] of Object.entries(reads)) {
        const [statements] = [...sent.values()].filter((list) => list.some((text) => text.includes(marker)));
        expect(statements, read).toBeDefined();
        const at = statements!.findIndex((text) => text.includes(marker));
        expect([statements![at - 1], statements![at + 1]], read).toEqual([
          'BEGIN READ ONLY; SET LOCAL jit = off',
          'COMMIT',
        ]);
      }
      // SET LOCAL ended with each transaction: a later query on the same pool sees the server's own setting.
      const fresh = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: big.name });
      await fresh.connect();
      const serverDefault = (await fresh.query('SHOW jit')).rows[0].jit;
      await fresh.end();
      const results = await Promise.all([1, 2, 3, 4].map(() => adapter.query('SHOW jit')));
      expect(results.map((result) => result.rows[0]?.jit)).toEqual([
        serverDefault,
        serverDefault,
        serverDefault,
        serverDefault,
      ]);
    } finally {
      await adapter.close();
    }
  });
});
