/**
 * MariaDB index methods: InnoDB indexes are read without STATISTICS.INDEX_TYPE (which opens every table) and typed
 * from InnoDB's dictionary; tables of other engines keep INDEX_TYPE. Both must say what INDEX_TYPE says, on the
 * real server: B-trees, FULLTEXT, SPATIAL, the hash-based long UNIQUE keys, indexes on virtual columns, MEMORY's HASH.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { innodbLongUniqueIndexesQuery, innodbSpecialIndexesQuery } from '../../src/adapters/mysql/catalog-queries.js';
import { innodbIndexTypes, storedPlain } from '../../src/adapters/mysql/catalog-rows-innodb.js';

const suffix = randomBytes(4).toString('hex');
const innodbOnly = `dt17_ixi_${suffix}`;
const mixed = `dt17_ixm_${suffix}`;
const encoded = `dt17_ixe_${suffix}`;
let connection: mysql.Connection;
const rows = async (sql: string, params: unknown[] = []) =>
  (await connection.query<mysql.RowDataPacket[]>(sql, params))[0] as Array<Record<string, unknown>>;

beforeAll(async () => {
  connection = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await connection.query(`CREATE DATABASE ${innodbOnly}`);
  await connection.query(`CREATE TABLE ${innodbOnly}.docs (id INT PRIMARY KEY, body TEXT, title VARCHAR(200),
    g POINT NOT NULL, v INT AS (id * 2) VIRTUAL, FULLTEXT KEY ft (body, title), SPATIAL KEY sp (g), KEY iv (v),
    UNIQUE KEY lu (body), KEY pre (title(20))) ENGINE=InnoDB`);
  await connection.query(
    `CREATE TABLE ${innodbOnly}.plain (id INT PRIMARY KEY, a INT, UNIQUE KEY ua (a)) ENGINE=InnoDB`,
  );
  await connection.query(`CREATE DATABASE ${mixed}`);
  await connection.query(
    `CREATE TABLE ${mixed}.mem (id INT, k VARCHAR(10), KEY hk (k) USING HASH, KEY bk (id) USING BTREE) ENGINE=MEMORY`,
  );
  await connection.query(`CREATE TABLE ${mixed}.inno (id INT PRIMARY KEY, t TEXT, FULLTEXT KEY ft (t)) ENGINE=InnoDB`);
  await connection.query(`CREATE DATABASE ${encoded}`);
  await connection.query(
    `CREATE TABLE ${encoded}.\`we-ird\` (id INT PRIMARY KEY, t TEXT, UNIQUE KEY lu (t), SPATIAL KEY sp (g), g POINT NOT NULL) ENGINE=InnoDB`,
  );
});

afterAll(async () => {
  await connection?.query(`DROP DATABASE IF EXISTS ${innodbOnly}`);
  await connection?.query(`DROP DATABASE IF EXISTS ${mixed}`);
  await connection?.query(`DROP DATABASE IF EXISTS ${encoded}`);
  await connection?.end();
});

/** `schema.table.index -> INDEX_TYPE` as information_schema.STATISTICS reports it. */
async function statisticsTypes(): Promise<Record<string, string>> {
  const list = await rows(
    'SELECT DISTINCT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (?, ?, ?)',
    [innodbOnly, mixed, encoded],
  );
  return Object.fromEntries(
    list.map((r) => [`${r.TABLE_SCHEMA}.${r.TABLE_NAME}.${r.INDEX_NAME}`, String(r.INDEX_TYPE)]),
  );
}

describe('MariaDB index methods', () => {
  it('the dictionary flags exactly the InnoDB indexes STATISTICS calls other than BTREE', async () => {
    const types = innodbIndexTypes(
      await rows(innodbSpecialIndexesQuery.sql),
      await rows(innodbLongUniqueIndexesQuery.sql),
    )!;
    const fromDictionary = Object.fromEntries(
      [...types]
        .filter(([key]) => key.startsWith(`${innodbOnly}\u0000`))
        .map(([key, type]) => [key.replaceAll('\u0000', '.'), type]),
    );
    const expected = Object.fromEntries(
      Object.entries(await statisticsTypes()).filter(
        ([key, type]) => key.startsWith(`${innodbOnly}.`) && type !== 'BTREE',
      ),
    );
    expect(fromDictionary).toEqual(expected);
    expect(Object.values(expected).sort()).toEqual(['FULLTEXT', 'HASH', 'SPATIAL']);
  });

  it('introspection reports the method STATISTICS reports, for InnoDB and for other engines', async () => {
    const adapter = await createAdapter({ type: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: '' });
    try {
      const catalog = await adapter.introspect({ schemas: { include: [innodbOnly, mixed, encoded] } });
      const reported: Record<string, string | undefined> = {};
      for (const schema of catalog.databases[0]!.schemas)
        for (const table of schema.tables)
          for (const index of table.indexes) reported[`${schema.name}.${table.name}.${index.name}`] = index.method;
      expect(reported).toEqual(await statisticsTypes());
      expect(Object.keys(reported)).toHaveLength(15);
    } finally {
      await adapter.close();
    }
  });

  it('leaves out names InnoDB stores encoded (their schemas are read with INDEX_TYPE)', async () => {
    const special = [
      { KIND: 'index', TABLE_ID: 1, NAME: 'lu', INDEX_ID: 7, TYPE: 128 },
      { KIND: 'index', TABLE_ID: 2, NAME: 'lu', INDEX_ID: 8, TYPE: 128 },
      { KIND: 'table', TABLE_ID: 1, NAME: 'db/my@002dtable', INDEX_ID: null, TYPE: null },
      { KIND: 'table', TABLE_ID: 2, NAME: 'db/plain', INDEX_ID: null, TYPE: null },
    ];
    expect([...innodbIndexTypes(special, [{ INDEX_ID: 7 }, { INDEX_ID: 8 }])]).toEqual([
      ['db\u0000plain\u0000lu', 'HASH'],
    ]);
    expect([storedPlain('my-table'), storedPlain('Plain_1'), storedPlain('café')]).toEqual([false, true, false]);
  });
});
