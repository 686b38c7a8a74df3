/**
 * MariaDB keys from InnoDB's dictionary (the fast path) equal what KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS
 * report (the views they replace), on the real server; encoded names fall back to the views.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { innodbForeignKeyColumnsQuery, innodbForeignKeysQuery } from '../../src/adapters/mysql/catalog-queries.js';
import { keysFromInnodb } from '../../src/adapters/mysql/catalog-rows-innodb.js';

const schema = `dt17_keys_${randomBytes(4).toString('hex')}`;
let connection: mysql.Connection;
const rows = async (sql: string, params: unknown[] = []) =>
  (await connection.query<mysql.RowDataPacket[]>(sql, params))[0] as Array<Record<string, unknown>>;

beforeAll(async () => {
  connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await connection.query(`CREATE DATABASE ${schema}`);
  await connection.query(`CREATE TABLE ${schema}.parent (a INT, b INT, code VARCHAR(10), PRIMARY KEY (a, b),
    CONSTRAINT parent_code UNIQUE (code))`);
  await connection.query(`CREATE TABLE ${schema}.child (id INT PRIMARY KEY, pa INT, pb INT, other INT,
    CONSTRAINT child_parent FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE CASCADE ON UPDATE SET NULL,
    CONSTRAINT child_self FOREIGN KEY (other) REFERENCES child (id) ON DELETE NO ACTION)`);
});

afterAll(async () => {
  await connection?.query(`DROP DATABASE IF EXISTS ${schema}`);
  await connection?.end();
});

const normalized = (list: Array<Record<string, unknown>>, columns: string[]) =>
  list
    .filter((row) => row.TABLE_SCHEMA === schema)
    .map((row) =>
      Object.fromEntries(columns.map((column) => [column, row[column] == null ? null : String(row[column])])),
    )
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('MariaDB keys from the InnoDB dictionary', () => {
  it('match KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS', async () => {
    const keys = keysFromInnodb(
      await rows(innodbForeignKeysQuery.sql),
      await rows(innodbForeignKeyColumnsQuery.sql),
      await rows('SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?', [schema]),
    )!;
    const keyColumns = [
      'TABLE_SCHEMA',
      'TABLE_NAME',
      'CONSTRAINT_NAME',
      'COLUMN_NAME',
      'ORDINAL_POSITION',
      'REFERENCED_TABLE_SCHEMA',
      'REFERENCED_TABLE_NAME',
      'REFERENCED_COLUMN_NAME',
    ];
    const viewKeys = await rows('SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ?', [schema]);
    expect(normalized(keys.keyColumns, keyColumns)).toEqual(normalized(viewKeys, keyColumns));
    expect(normalized(keys.keyColumns, keyColumns)).toHaveLength(7);
    const rules = ['TABLE_SCHEMA', 'TABLE_NAME', 'CONSTRAINT_NAME', 'UPDATE_RULE', 'DELETE_RULE'];
    const viewRules = await rows(
      'SELECT CONSTRAINT_SCHEMA AS TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
      [schema],
    );
    expect(normalized(keys.referentialRules, rules)).toEqual(normalized(viewRules, rules));
  });

  it('gives up (the caller reads the views) when InnoDB stores a name encoded', () => {
    const encoded = [{ ID: 'db/fk', FOR_NAME: 'db/my@002dtable', REF_NAME: 'db/t', TYPE: 0 }];
    expect(keysFromInnodb(encoded, [], [])).toBeUndefined();
  });
});
