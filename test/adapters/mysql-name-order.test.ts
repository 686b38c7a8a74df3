/**
 * MySQL/MariaDB names that differ only in case (distinct tables and databases on a case-sensitive file system, equal
 * under the default collation) come out in one fixed order, run after run.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';

const base = `dt17_case_${randomBytes(4).toString('hex')}`;
const schemas = [`${base}_S`, `${base}_s`];
let connection: mysql.Connection;

beforeAll(async () => {
  connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  for (const schema of schemas) {
    await connection.query(`CREATE DATABASE \`${schema}\``);
    for (const table of ['b', 'A', 'B', 'a'])
      await connection.query(
        `CREATE TABLE \`${schema}\`.\`${table}\` (id INT, v INT, w INT, PRIMARY KEY (id, v), KEY ix (w, v, id))`,
      );
  }
});

afterAll(async () => {
  for (const schema of schemas) await connection?.query(`DROP DATABASE IF EXISTS \`${schema}\``);
  await connection?.end();
});

describe('MySQL names that differ only in case', () => {
  it('keep each table its own keys and indexes, whole, though their rows sort together', async () => {
    // STATISTICS orders by the case-insensitive name: the index rows of `A` and `a` interleave.
    const adapter = await createAdapter({ type: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    try {
      const catalog = await adapter.introspect({ schemas: { include: [`${base}_*`] } });
      const tables = catalog.databases[0]!.schemas.flatMap((schema) => schema.tables);
      expect(tables).toHaveLength(8);
      for (const table of tables) {
        expect(table.primaryKey?.columns).toEqual(['id', 'v']);
        expect(table.indexes.map((index) => [index.name, index.columns])).toEqual([
          ['ix', ['w', 'v', 'id']],
          ['PRIMARY', ['id', 'v']],
        ]);
      }
    } finally {
      await adapter.close();
    }
  });

  it('are listed in the binary order within each case-insensitive tie, every time', async () => {
    const orders = new Set<string>();
    for (let run = 0; run < 3; run++) {
      const adapter = await createAdapter({ type: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: '' });
      try {
        const catalog = await adapter.introspect({ schemas: { include: [`${base}_*`] } });
        orders.add(
          JSON.stringify(
            catalog.databases[0]!.schemas.map((schema) => [schema.name, schema.tables.map((t) => t.name)]),
          ),
        );
      } finally {
        await adapter.close();
      }
    }
    expect([...orders].map((order) => JSON.parse(order))).toEqual([
      [
        [`${base}_S`, ['A', 'a', 'B', 'b']],
        [`${base}_s`, ['A', 'a', 'B', 'b']],
      ],
    ]);
  });
});
