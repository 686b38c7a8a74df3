/**
 * MariaDB column statistics: engine-independent statistics (mysql.column_stats) for analyzed tables in one
 * statement, and a bounded sampling fallback that samples at most `sampleTables` tables and names the rest.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';

const schema = `dt17_cap_${randomBytes(4).toString('hex')}`;
const root = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

beforeAll(async () => {
  const connection = await mysql.createConnection(root);
  try {
    await connection.query(`CREATE DATABASE ${schema}`);
    for (const name of ['t1', 't2', 't3']) {
      await connection.query(`CREATE TABLE ${schema}.${name} (id INT PRIMARY KEY, label VARCHAR(10))`);
      await connection.query(`INSERT INTO ${schema}.${name} VALUES (1, 'a'), (2, 'b')`);
    }
    await connection.query(`CREATE TABLE ${schema}.analyzed (n INT, amount DECIMAL(12,2))`);
    await connection.query(`INSERT INTO ${schema}.analyzed SELECT 1, 0.50 FROM ${schema}.seq_1_to_500`);
    await connection.query(`INSERT INTO ${schema}.analyzed SELECT 100 + seq, NULL FROM ${schema}.seq_1_to_200`);
    await connection.query(`ANALYZE TABLE ${schema}.analyzed PERSISTENT FOR ALL`);
  } finally {
    await connection.end();
  }
});

afterAll(async () => {
  const connection = await mysql.createConnection(root);
  await connection.query(`DROP DATABASE IF EXISTS ${schema}`).finally(() => connection.end());
});

async function introspect(sampleTables?: number) {
  const adapter = await createAdapter({ type: 'mysql', ...root, database: schema });
  try {
    const catalog = await adapter.introspect({
      schemas: { include: [schema] },
      columnStats: sampleTables === undefined ? true : { sampleTables },
    });
    return { catalog, statements: adapter.queryCount };
  } finally {
    await adapter.close();
  }
}

describe('mysql column statistics', () => {
  it('takes exact figures from mysql.column_stats for analyzed tables, without a statement per table', async () => {
    const { catalog } = await introspect();
    const analyzed = catalog.databases[0]!.schemas[0]!.tables.find((t) => t.name === 'analyzed')!;
    expect(analyzed.columns.find((c) => c.name === 'n')!.stats).toMatchObject({
      source: 'statistics',
      nullFraction: 0,
      min: '1',
      max: '300',
    });
    const amount = analyzed.columns.find((c) => c.name === 'amount')!.stats!;
    expect(amount).toMatchObject({ source: 'statistics', min: '0.50', max: '0.50' });
    expect(amount.nullFraction).toBeCloseTo(200 / 700, 3);
  });

  it('samples at most sampleTables tables and names the others in a warning', async () => {
    const all = await introspect();
    const capped = await introspect(1);
    expect(all.statements - capped.statements).toBe(2);
    const tables = capped.catalog.databases[0]!.schemas[0]!.tables.filter((t) => t.name !== 'analyzed');
    expect(tables.filter((t) => t.columns[0]!.stats).map((t) => t.name)).toHaveLength(1);
    const warning = capped.catalog.warnings.find((w) => w.code === 'STATS_SAMPLE_CAPPED')!;
    expect(warning.message).toContain('2 table(s)');
    const unsampled = tables.filter((t) => !t.columns[0]!.stats).map((t) => `${schema}.${t.name}`);
    for (const name of unsampled) expect(warning.message).toContain(name);
    expect(all.catalog.warnings.filter((w) => w.code === 'STATS_SAMPLE_CAPPED')).toEqual([]);
  });
});
