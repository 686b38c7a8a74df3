/** Redshift specifics on the stub SVV views (local PostgreSQL): external schemas/tables, sampled stats, counts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsOf, parseCredentials } from '../../src/adapters/credentials.js';
import { createRedshiftAdapter } from '../../src/adapters/redshift/index.js';
import type { Catalog } from '../../src/catalog/model.js';
import { createFixtureDatabase, sharedServer, type TestDatabase, uniqueName } from '../helpers/pg.js';
import { redshiftStubDdl } from '../helpers/redshift-stub.js';

const applicationName = uniqueName('redshift');
let small: TestDatabase;
let big: TestDatabase;

async function introspect(
  database: string,
  options: Parameters<ReturnType<typeof createRedshiftAdapter>['introspect']>[0] = {},
) {
  const credentials = parseCredentials({
    type: 'redshift',
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database,
    applicationName,
  }) as CredentialsOf<'redshift'>;
  const adapter = createRedshiftAdapter(credentials);
  try {
    return { catalog: await adapter.introspect(options), statements: adapter.queryCount };
  } finally {
    await adapter.close();
  }
}

const schema = (catalog: Catalog, name: string) => catalog.databases[0]!.schemas.find((s) => s.name === name);

beforeAll(async () => {
  [small, big] = await Promise.all([
    createFixtureDatabase(sharedServer, 'rs_small', { partitions: false, extraStatements: redshiftStubDdl() }),
    createFixtureDatabase(sharedServer, 'rs_big', {
      partitions: false,
      extraTables: 200,
      extraStatements: redshiftStubDdl(),
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([small?.drop(), big?.drop()]);
});

describe('redshift introspection (stub SVV views)', () => {
  it('sends the same number of statements for 8 tables and for 208', async () => {
    const few = await introspect(small.name);
    const many = await introspect(big.name);
    expect(schema(many.catalog, 'bulk')!.tables).toHaveLength(200);
    expect(many.statements).toBe(few.statements);
  });

  it('lists external schemas and tables from SVV_EXTERNAL_*', async () => {
    const { catalog } = await introspect(small.name);
    const spectrum = schema(catalog, 'spectrum')!;
    expect(spectrum.comment).toBe('external schema over clickstream');
    expect(spectrum.tables).toEqual([
      expect.objectContaining({
        name: 'clicks',
        kind: 'external',
        columns: [
          expect.objectContaining({ name: 'clicked_at', type: 'timestamp' }),
          expect.objectContaining({ name: 'url', nativeType: 'character varying(2048)', type: 'text' }),
        ],
      }),
    ]);
  });

  it('maps SVV_TABLE_INFO sizes, SVV_MV_INFO and numeric types', async () => {
    const { catalog } = await introspect(small.name);
    const products = schema(catalog, 'shop')!.tables.find((t) => t.name === 'products')!;
    expect(products.columns.find((c) => c.name === 'price')!.nativeType).toBe('numeric(10,2)');
    expect(products.sizeBytes! % (1024 * 1024)).toBe(0);
    const revenue = schema(catalog, 'billing')!.tables.find((t) => t.name === 'daily_revenue')!;
    expect(revenue.kind).toBe('materialized_view');
    expect(catalog.serverVersion).toMatch(/PostgreSQL/);
  });

  it('samples column statistics and skips external tables', async () => {
    const { catalog } = await introspect(small.name, {
      columnStats: { sampleValues: 2 },
      schemas: { include: ['shop', 'spectrum'] },
    });
    const email = schema(catalog, 'shop')!
      .tables.find((t) => t.name === 'customers')!
      .columns.find((c) => c.name === 'email')!;
    expect(email.stats).toMatchObject({
      source: 'sample',
      distinctCount: 5,
      nullFraction: 0,
      min: 'email-1',
      max: 'email-5',
    });
    expect(email.stats!.sampleValues).toHaveLength(2);
    expect(schema(catalog, 'spectrum')!.tables[0]!.columns[0]!.stats).toBeUndefined();
    expect(catalog.warnings).toEqual([]);
  });
});
