/**
 * MariaDB view definitions are read by name, `(TABLE_SCHEMA, TABLE_NAME) IN (...)`, for the views the tables read
 * listed (a schema list made the server open every table of the schemas). On the real server: the definitions are
 * those of the views named and of no other, names shared across schemas stay apart, past the named limit the views'
 * schemas are read instead, and introspection still gives every view its definition.
 */
import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { viewsQuery } from '../../src/adapters/mysql/catalog-queries.js';
import { adminConnection, mariadbAddress } from '../helpers/mysql.js';

const tag = randomBytes(4).toString('hex');
const north = `dt17_vnorth_${tag}`;
const south = `dt17_vsouth_${tag}`;
let admin: mysql.Connection;

const definitions = async (views: Array<{ schema: string; table: string }>, maxNamed?: number) => {
  const query = viewsQuery({ schemas: { include: [north, south] } }, views, maxNamed === undefined ? {} : { maxNamed });
  const [rows] = await admin.query<mysql.RowDataPacket[]>(query.sql, query.params);
  return rows.map((row) => `${row.TABLE_SCHEMA}.${row.TABLE_NAME}`).sort();
};

beforeAll(async () => {
  admin = await adminConnection();
  for (const statement of [
    `CREATE DATABASE ${north}`,
    `CREATE DATABASE ${south}`,
    `CREATE TABLE ${north}.orders (id INT PRIMARY KEY, total INT)`,
    `CREATE TABLE ${south}.orders (id INT PRIMARY KEY, total INT)`,
    // The same view name in both schemas, and a view in one named like a table in the other.
    `CREATE VIEW ${north}.big AS SELECT id FROM ${north}.orders WHERE total > 100`,
    `CREATE VIEW ${south}.big AS SELECT id FROM ${south}.orders WHERE total > 900`,
    `CREATE TABLE ${north}.recent (id INT PRIMARY KEY)`,
    `CREATE VIEW ${south}.recent AS SELECT id FROM ${south}.orders`,
  ]) {
    await admin.query(statement);
  }
});

afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${north}`);
  await admin?.query(`DROP DATABASE IF EXISTS ${south}`);
  await admin?.end();
});

describe('MariaDB views read by name', () => {
  it('reads the definitions of the views named, each in its own schema, and none for an empty list', async () => {
    expect(await definitions([{ schema: south, table: 'big' }])).toEqual([`${south}.big`]);
    expect(
      await definitions([
        { schema: north, table: 'big' },
        { schema: south, table: 'recent' },
      ]),
    ).toEqual([`${north}.big`, `${south}.recent`]);
    // A table of that name is not a view: nothing to read.
    expect(await definitions([{ schema: north, table: 'recent' }])).toEqual([]);
    expect(await definitions([])).toEqual([]);
  });

  it('past the named limit, reads the views of the schemas of the views given', async () => {
    // One view over a limit of none: the schema list takes over, and brings every view of that schema.
    expect(await definitions([{ schema: south, table: 'big' }], 0)).toEqual([`${south}.big`, `${south}.recent`]);
    expect(await definitions([{ schema: south, table: 'big' }], 1)).toEqual([`${south}.big`]);
  });

  it('gives every view of the catalog its own definition', async () => {
    const adapter = await createAdapter({ type: 'mysql', ...mariadbAddress, user: 'root', password: '' });
    try {
      const catalog = await adapter.introspect({ schemas: { include: [north, south] } });
      const views = Object.fromEntries(
        catalog.databases[0]!.schemas.flatMap((schema) =>
          schema.tables
            .filter((table) => table.kind === 'view')
            .map((table) => [`${schema.name}.${table.name}`, table.viewDefinition ?? '']),
        ),
      );
      expect(Object.keys(views).sort()).toEqual([`${north}.big`, `${south}.big`, `${south}.recent`]);
      expect(views[`${north}.big`]).toContain('100');
      expect(views[`${south}.big`]).toContain('900');
      expect(views[`${south}.recent`]).toContain(`${south}`);
    } finally {
      await adapter.close();
    }
  });
});
