/** BigQuery introspection against the fake: constant statements as the project grows, fallbacks and warnings. */
import { afterEach, describe, expect, it } from 'vitest';
import { createBigQueryAdapter } from '../../src/adapters/bigquery/index.js';
import { catalogCounts } from '../../src/catalog/model.js';
import { ErrorCode } from '../../src/core/errors.js';
import { type FakeBigQuery, type FakeBigQueryOptions, startFakeBigQuery } from '../fakes/bigquery/server.js';
import { scaledWorld, shopWorld } from '../fakes/bigquery/world.js';

process.env.METADATA_SERVER_DETECTION = 'none';

const servers: FakeBigQuery[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function introspect(options: FakeBigQueryOptions, extra: Record<string, unknown> = {}) {
  const fake = await startFakeBigQuery(options);
  servers.push(fake);
  await using adapter = createBigQueryAdapter({
    type: 'bigquery',
    projectId: fake.world.projectId,
    apiEndpoint: fake.url,
    accessToken: fake.token,
    ...extra,
  });
  const catalog = await adapter.introspect();
  return { fake, catalog, statements: adapter.queryCount, requests: fake.requests.length };
}
const table = (catalog: Awaited<ReturnType<typeof introspect>>['catalog'], schema: string, name: string) =>
  catalog.databases[0]?.schemas.find((s) => s.name === schema)?.tables.find((t) => t.name === name);

describe('BigQuery introspection', () => {
  it('costs the same statements and round trips for 10 and 1,000 tables', async () => {
    const small = await introspect({ world: scaledWorld(10) });
    const large = await introspect({ world: scaledWorld(1000) });
    expect(catalogCounts(small.catalog).tables).toBe(10);
    expect(catalogCounts(large.catalog).tables).toBe(1000);
    expect(large.statements).toBe(small.statements);
    expect(large.requests).toBe(small.requests);
    // One statement per view: SCHEMATA, TABLES, COLUMNS, COLUMN_FIELD_PATHS, TABLE_OPTIONS, VIEWS,
    // SCHEMATA_OPTIONS, TABLE_STORAGE and the three constraint views.
    expect(small.statements).toBe(11);
    const generated = table(large.catalog, 'bulk', 't_00990');
    expect(generated?.foreignKeys[0]).toMatchObject({ referencedTable: 't_00989', referencedColumns: ['id'] });
  });

  it('reads region views for all datasets and dataset-qualified constraint views in one UNION ALL', async () => {
    const { fake } = await introspect({});
    const sqls = fake.requests.map((r) => String(r.body?.query ?? ''));
    expect(sqls.filter((s) => s.includes('`region-us`.INFORMATION_SCHEMA.COLUMNS'))).toHaveLength(1);
    const constraints = sqls.find((s) => s.includes('INFORMATION_SCHEMA.TABLE_CONSTRAINTS'));
    expect(constraints?.split('UNION ALL')).toHaveLength(3);
  });

  it('describes keys, comments, storage, views and partitioning', async () => {
    const { catalog } = await introspect({});
    const database = catalog.databases[0]!;
    expect(database.name).toBe('datatasks-fake');
    expect(database.schemas.find((s) => s.name === 'shop')?.comment).toBe('The web shop');
    const items = table(catalog, 'shop', 'order_items')!;
    expect(items.primaryKey?.columns).toEqual(['order_id', 'line_no']);
    const payments = table(catalog, 'billing', 'payments')!;
    expect(payments.foreignKeys).toEqual([
      expect.objectContaining({ columns: ['order_id'], referencedSchema: 'shop', referencedTable: 'orders' }),
    ]);
    expect(table(catalog, 'shop', 'customers')).toMatchObject({ rowCountEstimate: 5, sizeBytes: 320 });
    expect(table(catalog, 'shop', 'products')?.columns[3]).toMatchObject({
      nativeType: 'NUMERIC(10, 2)',
      type: 'decimal',
      comment: 'Unit price in EUR',
    });
    expect(table(catalog, 'billing', 'daily_revenue')?.viewDefinition).toMatch(/^SELECT CAST\(paid_at/);
    expect(table(catalog, 'billing', 'payment_events')).toMatchObject({
      kind: 'partitioned',
      partitioning: { strategy: 'range', columns: ['received_at'] },
    });
  });

  it('reads nested STRUCT fields and clustering columns', async () => {
    const world = shopWorld();
    world.tables.push({
      schema: 'shop',
      name: 'visits',
      kind: 'table',
      clusterBy: ['country', 'id'],
      columns: [
        { name: 'id', type: 'integer', nullable: false },
        { name: 'country', type: 'text', nullable: true },
        {
          name: 'address',
          type: 'struct',
          nullable: true,
          bigqueryType: 'STRUCT<city STRING, geo STRUCT<lat FLOAT64>>',
          fields: [
            { name: 'city', type: 'STRING', description: 'City name' },
            { name: 'geo', type: 'STRUCT<lat FLOAT64>' },
            { name: 'geo.lat', type: 'FLOAT64' },
          ],
        },
      ],
    });
    const { catalog } = await introspect({ world });
    const visits = table(catalog, 'shop', 'visits')!;
    expect(visits.partitioning).toEqual({ strategy: 'clustering', columns: [], clusteringColumns: ['country', 'id'] });
    const address = visits.columns[2]!;
    expect(address.type).toBe('struct');
    expect(address.fields).toEqual([
      expect.objectContaining({ name: 'city', ordinal: 1, type: 'text', comment: 'City name' }),
      expect.objectContaining({
        name: 'geo',
        ordinal: 2,
        fields: [expect.objectContaining({ name: 'lat', type: 'float' })],
      }),
    ]);
  });

  it('falls back to dataset-qualified views without project rights, warning about the unreadable dataset', async () => {
    const fake = await startFakeBigQuery();
    servers.push(fake);
    await using adapter = createBigQueryAdapter({
      type: 'bigquery',
      projectId: fake.world.projectId,
      apiEndpoint: fake.url,
      accessToken: fake.restrictedToken,
    });
    const catalog = await adapter.introspect();
    expect(catalog.databases[0]?.schemas.map((s) => s.name)).toEqual(['billing', 'shop']);
    expect(table(catalog, 'shop', 'orders')?.primaryKey?.columns).toEqual(['id']);
    expect(catalog.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: ErrorCode.PERMISSION_DENIED, scope: 'datatasks-fake.vault' }),
        expect.objectContaining({ code: ErrorCode.NOT_SUPPORTED, scope: 'table_storage' }),
      ]),
    );
    expect(fake.requests.some((r) => r.path.endsWith('/datasets'))).toBe(true);
  });

  it('turns an unreadable optional view into a warning and pushes the credentials datasets down', async () => {
    const { fake, catalog } = await introspect({ deniedViews: ['TABLE_STORAGE'] }, { datasets: ['shop'] });
    expect(catalog.databases[0]?.schemas.map((s) => s.name)).toEqual(['shop']);
    expect(catalog.warnings).toEqual([
      expect.objectContaining({ code: ErrorCode.PERMISSION_DENIED, scope: 'table_storage' }),
    ]);
    expect(table(catalog, 'shop', 'customers')?.rowCountEstimate).toBeUndefined();
    const schemata = fake.requests.find((r) => String(r.body?.query).includes('INFORMATION_SCHEMA.SCHEMATA '));
    expect(schemata?.body?.queryParameters?.[0]).toMatchObject({ name: 'datasets' });
  });

  it('fails, not warns, when the essential views cannot be read', async () => {
    const result = introspect({ deniedViews: ['COLUMNS'] });
    await expect(result).rejects.toMatchObject({ code: ErrorCode.PERMISSION_DENIED });
  });
});
