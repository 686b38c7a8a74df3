/** MariaDB column statistics: the bounded sampling fallback samples at most `sampleTables` tables and names the rest. */
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

describe('mysql sampling cap', () => {
  it('samples at most sampleTables tables and names the others in a warning', async () => {
    const all = await introspect();
    const capped = await introspect(1);
    expect(all.statements - capped.statements).toBe(2);
    const tables = capped.catalog.databases[0]!.schemas[0]!.tables;
    expect(tables.filter((t) => t.columns[0]!.stats).map((t) => t.name)).toHaveLength(1);
    const warning = capped.catalog.warnings.find((w) => w.code === 'STATS_SAMPLE_CAPPED')!;
    expect(warning.message).toContain('2 table(s)');
    const unsampled = tables.filter((t) => !t.columns[0]!.stats).map((t) => `${schema}.${t.name}`);
    for (const name of unsampled) expect(warning.message).toContain(name);
    expect(all.catalog.warnings.filter((w) => w.code === 'STATS_SAMPLE_CAPPED')).toEqual([]);
  });
});
