/**
 * MariaDB keys from InnoDB's dictionary (the fast path) equal what KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS
 * report (the views they replace), on the real server; encoded names fall back to the views.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConstraintRow } from '../../src/adapters/kernel/assemble-catalog.js';
import { innodbForeignKeyColumnsQuery, innodbForeignKeysQuery } from '../../src/adapters/mysql/catalog-queries.js';
import { toConstraints, toIndexes } from '../../src/adapters/mysql/catalog-rows.js';
import { constraintsFromInnodb } from '../../src/adapters/mysql/catalog-rows-innodb.js';

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

/** Constraints in a comparable form: by table, in the order each table lists them. */
const byTable = (constraints: ConstraintRow[]) => {
  const tables: Record<string, ConstraintRow[]> = {};
  for (const row of constraints.filter((c) => c.schema === schema)) {
    tables[row.table] ??= [];
    tables[row.table]!.push({ ...row, referencedDatabase: row.referencedDatabase ?? null });
  }
  return tables;
};

describe('MariaDB keys from the InnoDB dictionary', () => {
  it('match what KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS give', async () => {
    const fromDictionary = constraintsFromInnodb(
      'db',
      await rows(innodbForeignKeysQuery.sql),
      await rows(innodbForeignKeyColumnsQuery.sql),
      toIndexes(
        'db',
        await rows(
          'SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX',
          [schema],
        ),
      ),
    )!;
    const fromViews = toConstraints(
      'db',
      await rows(
        'SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION',
        [schema],
      ),
      await rows(
        'SELECT CONSTRAINT_SCHEMA AS TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?',
        [schema],
      ),
    );
    const normalize = (tables: Record<string, ConstraintRow[]>) =>
      Object.fromEntries(
        Object.entries(tables).map(([table, list]) => [
          table,
          list
            .map(({ referencedDatabase: _d, ...row }) => ({
              ...row,
              referencedSchema: row.referencedSchema ?? null,
              referencedTable: row.referencedTable ?? null,
              referencedColumns: row.kind === 'foreign' ? row.referencedColumns : null,
              onUpdate: row.onUpdate ?? null,
              onDelete: row.onDelete ?? null,
            }))
            .sort((a, b) => String(a.name).localeCompare(String(b.name))),
        ]),
      );
    expect(normalize(byTable(fromDictionary))).toEqual(normalize(byTable(fromViews)));
    const child = byTable(fromDictionary).child!;
    // Each table's keys in name order; a composite key's columns in key order.
    expect(child.map((c) => c.name)).toEqual(['PRIMARY', 'child_parent', 'child_self']);
    expect(child[1]).toMatchObject({
      columns: ['pa', 'pb'],
      referencedColumns: ['a', 'b'],
      onDelete: 'CASCADE',
      onUpdate: 'SET NULL',
    });
    expect(byTable(fromDictionary).parent!.map((c) => [c.name, c.kind, c.columns])).toEqual([
      ['PRIMARY', 'primary', ['a', 'b']],
      ['parent_code', 'unique', ['code']],
    ]);
  });

  it('gives up (the caller reads the views) when InnoDB stores a name encoded', () => {
    const encoded = [{ ID: 'db/fk', FOR_NAME: 'db/my@002dtable', REF_NAME: 'db/t', TYPE: 0 }];
    expect(
      constraintsFromInnodb('db', encoded, [{ ID: 'db/fk', FOR_COL_NAME: 'a', REF_COL_NAME: 'b', POS: 0 }], []),
    ).toBeUndefined();
  });
});
