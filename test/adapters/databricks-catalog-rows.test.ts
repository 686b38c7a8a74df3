/**
 * Databricks catalog rows and optional parts without a server: an injected driver whose session answers each
 * information_schema view from rows given here (or fails it), so the case-insensitive joins, identity partitioning
 * and the optional-part rule are checked one by one.
 */
import { describe, expect, it } from 'vitest';
import { createDatabricksAdapter } from '../../src/adapters/databricks/index.js';
import { ErrorCode } from '../../src/core/errors.js';

type Row = Record<string, unknown>;
type Answer = Row[] | Error;

const operation = (rows: Row[]) => {
  let sent = false;
  return {
    fetchChunk: async () => {
      const chunk = sent ? [] : rows;
      sent = true;
      return chunk;
    },
    hasMoreRows: async () => !sent,
    getSchema: async () => null,
    cancel: async () => undefined,
    close: async () => undefined,
  };
};

/** A driver whose sessions answer `FROM system.information_schema.<view>` with `views[view]` (empty when absent). */
function driverAnswering(views: Record<string, Answer>) {
  const session = {
    executeStatement: async (sql: string) => {
      const answer = views[/information_schema\.(\w+)/.exec(sql)?.[1] ?? ''] ?? [];
      if (answer instanceof Error) throw answer;
      return operation(answer);
    },
    close: async () => undefined,
  };
  class DBSQLClient {
    async connect() {}
    async openSession() {
      return session;
    }
    async close() {}
  }
  return { DBSQLClient } as never;
}

const credentials = {
  type: 'databricks' as const,
  host: 'dbc.example',
  port: 443,
  httpPath: '/sql/1.0/x',
  token: 'dapi-unit-1',
  connectTimeoutMs: 5000,
};
const fixture = (): Record<string, Answer> => ({
  catalogs: [{ catalog_name: 'Main' }],
  schemata: [{ catalog_name: 'main', schema_name: 'Shop' }],
  tables: [{ table_catalog: 'MAIN', table_schema: 'shop', table_name: 'Orders', table_type: 'MANAGED' }],
  columns: [
    ['Main', 'Shop', 'orders', 'region', 3, 1],
    ['main', 'shop', 'ORDERS', 'id', 1, null],
    ['main', 'shop', 'orders', 'day', 2, 0],
  ].map(([table_catalog, table_schema, table_name, column_name, ordinal_position, partition_ordinal_position]) => ({
    table_catalog,
    table_schema,
    table_name,
    column_name,
    ordinal_position,
    partition_ordinal_position,
    full_data_type: 'string',
    is_nullable: 'YES',
  })),
});

async function introspect(views: Record<string, Answer>) {
  const adapter = createDatabricksAdapter(credentials, { driver: driverAnswering(views) });
  try {
    return await adapter.introspect();
  } finally {
    await adapter.close();
  }
}

describe('databricks catalog rows', () => {
  it('joins rows whatever the case of their names and spells them as the parent does', async () => {
    const catalog = await introspect(fixture());
    expect(catalog.databases.map((d) => [d.name, d.schemas.map((s) => s.name)])).toEqual([['Main', ['Shop']]]);
    const orders = catalog.databases[0]?.schemas[0]?.tables[0];
    expect(orders?.name).toBe('Orders');
    expect(orders?.columns.map((c) => [c.name, c.ordinal])).toEqual([
      ['id', 1],
      ['day', 2],
      ['region', 3],
    ]);
    // Delta partitions: one directory per value, in partition_ordinal_position order.
    expect(orders?.partitioning).toEqual({ strategy: 'identity', columns: ['day', 'region'] });
  });
});

describe('databricks optional information_schema views', () => {
  it('turn a denied read into a typed warning naming the view', async () => {
    const denied = new Error('[INSUFFICIENT_PERMISSIONS] User does not have USE SCHEMA');
    const catalog = await introspect({ ...fixture(), key_column_usage: denied });
    expect(catalog.warnings).toEqual([
      expect.objectContaining({ code: ErrorCode.PERMISSION_DENIED, scope: 'key_column_usage' }),
    ]);
    expect(catalog.databases[0]?.schemas[0]?.tables[0]?.columns).toHaveLength(3);
  });

  it('fail the introspection when the read times out, rather than return a partial catalog', async () => {
    const timedOut = Object.assign(new Error('socket hang up'), { code: 'ETIMEDOUT' });
    await expect(introspect({ ...fixture(), referential_constraints: timedOut })).rejects.toMatchObject({
      code: ErrorCode.TIMEOUT,
    });
  });
});
