/**
 * MariaDB row estimates and sizes from InnoDB's statistics (the fast path: information_schema.TABLES read without
 * them) equal what information_schema.TABLES reports, on the real server: InnoDB tables with rows and a secondary
 * index, a compressed table, one with transient statistics; schemas with other engines or partitioned tables are
 * read in full; a user without PROCESS gets the same figures from the full read.
 */
import { randomBytes } from 'node:crypto';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { innodbTableStatsQuery } from '../../src/adapters/mysql/catalog-queries.js';
import { innodbTableSizes } from '../../src/adapters/mysql/catalog-rows-innodb.js';
import { adminConnection, mariadbAddress } from '../helpers/mysql.js';

const tag = randomBytes(4).toString('hex');
const innodbOnly = `dt17_sizes_${tag}`;
const mixed = `dt17_mixed_${tag}`;
const user = `dt17_noproc_${tag}`;
const password = `pw-${tag}-NoProcess-5k`;
let admin: mysql.Connection;
const rows = async (sql: string, params: unknown[] = []) =>
  (await admin.query<mysql.RowDataPacket[]>(sql, params))[0] as Array<Record<string, unknown>>;

beforeAll(async () => {
  admin = await adminConnection();
  for (const statement of [
    `CREATE DATABASE ${innodbOnly}`,
    `CREATE TABLE ${innodbOnly}.wide (id INT PRIMARY KEY AUTO_INCREMENT, v VARCHAR(200), KEY v_idx (v))`,
    `INSERT INTO ${innodbOnly}.wide (v) SELECT REPEAT(seq, 20) FROM ${innodbOnly}.seq_1_to_4000`,
    `CREATE TABLE ${innodbOnly}.packed (id INT PRIMARY KEY, v TEXT) ROW_FORMAT=COMPRESSED KEY_BLOCK_SIZE=8`,
    `INSERT INTO ${innodbOnly}.packed SELECT seq, REPEAT('q', 500) FROM ${innodbOnly}.seq_1_to_1500`,
    `CREATE TABLE ${innodbOnly}.transient (id INT PRIMARY KEY) STATS_PERSISTENT=0`,
    `INSERT INTO ${innodbOnly}.transient SELECT seq FROM ${innodbOnly}.seq_1_to_77`,
    `CREATE VIEW ${innodbOnly}.wide_ids AS SELECT id FROM ${innodbOnly}.wide`,
    `CREATE DATABASE ${mixed}`,
    `CREATE TABLE ${mixed}.plain (id INT PRIMARY KEY)`,
    `INSERT INTO ${mixed}.plain SELECT seq FROM ${innodbOnly}.seq_1_to_300`,
    `CREATE TABLE ${mixed}.isam (id INT PRIMARY KEY) ENGINE=MyISAM`,
    `INSERT INTO ${mixed}.isam SELECT seq FROM ${innodbOnly}.seq_1_to_20`,
    `CREATE TABLE ${mixed}.parts (id INT, d DATE, PRIMARY KEY (id, d)) PARTITION BY RANGE (YEAR(d))
      (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE)`,
    `INSERT INTO ${mixed}.parts SELECT seq, '2020-01-01' FROM ${innodbOnly}.seq_1_to_120`,
    `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`,
    `GRANT SELECT, SHOW VIEW ON ${innodbOnly}.* TO '${user}'@'%'`,
    `GRANT SELECT, SHOW VIEW ON ${mixed}.* TO '${user}'@'%'`,
  ]) {
    await admin.query(statement);
  }
  // Statistics recalculated now, so that InnoDB's background recalculation after the inserts cannot change the
  // figures between the reads a test compares.
  await admin.query(`ANALYZE TABLE ${['wide', 'packed', 'transient'].map((t) => `${innodbOnly}.${t}`).join(', ')}`);
  await admin.query(`ANALYZE TABLE ${['plain', 'isam', 'parts'].map((t) => `${mixed}.${t}`).join(', ')}`);
});

afterAll(async () => {
  await admin?.query(`DROP DATABASE IF EXISTS ${innodbOnly}`);
  await admin?.query(`DROP DATABASE IF EXISTS ${mixed}`);
  await admin?.query(`DROP USER IF EXISTS '${user}'@'%'`);
  await admin?.end();
});

/** What information_schema.TABLES reports (it opens every table), by schema and table. */
async function reported(): Promise<Record<string, unknown>> {
  const tables = await rows(
    `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_ROWS, DATA_LENGTH + INDEX_LENGTH AS SIZE_BYTES, CREATE_OPTIONS
     FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?, ?)`,
    [innodbOnly, mixed],
  );
  return Object.fromEntries(
    tables.map((row) => [
      `${String(row.TABLE_SCHEMA)}.${String(row.TABLE_NAME)}`,
      {
        kind:
          row.TABLE_TYPE === 'VIEW' ? 'view' : /partitioned/.test(String(row.CREATE_OPTIONS)) ? 'partitioned' : 'table',
        rowCountEstimate: row.TABLE_ROWS === null ? undefined : Number(row.TABLE_ROWS),
        sizeBytes: row.SIZE_BYTES === null ? undefined : Number(row.SIZE_BYTES),
      },
    ]),
  );
}

async function introspected(credentials: { user: string; password: string }): Promise<Record<string, unknown>> {
  const adapter = await createAdapter({ type: 'mysql', ...mariadbAddress, ...credentials });
  try {
    const catalog = await adapter.introspect({ schemas: { include: [innodbOnly, mixed] } });
    return Object.fromEntries(
      catalog.databases[0]!.schemas.flatMap((schema) =>
        schema.tables.map((table) => [
          `${schema.name}.${table.name}`,
          { kind: table.kind, rowCountEstimate: table.rowCountEstimate, sizeBytes: table.sizeBytes },
        ]),
      ),
    );
  } finally {
    await adapter.close();
  }
}

describe('MariaDB table sizes from InnoDB statistics', () => {
  it('give the row estimates and sizes information_schema.TABLES reports', async () => {
    const expected = await reported();
    expect(Object.keys(expected)).toHaveLength(7);
    // An estimate (InnoDB samples pages), near the 4,000 rows inserted.
    expect((expected[`${innodbOnly}.wide`] as { rowCountEstimate: number }).rowCountEstimate).toBeGreaterThan(3000);
    expect(await introspected({ user: 'root', password: '' })).toEqual(expected);
  });

  it('cover the InnoDB tables in the dictionary cache, compressed ones in their own page size, not partitioned ones', async () => {
    await reported(); // opens every table, so each is in the dictionary cache
    const query = innodbTableStatsQuery({ schemas: { include: [innodbOnly, mixed] } });
    const sizes = innodbTableSizes(await rows(query.sql, query.params));
    const expected = await reported();
    for (const table of ['wide', 'packed', 'transient']) {
      const { rowCountEstimate, sizeBytes } = expected[`${innodbOnly}.${table}`] as Record<string, number>;
      expect(sizes.get(`${innodbOnly}\u0000${table}`)).toEqual({ TABLE_ROWS: rowCountEstimate, SIZE_BYTES: sizeBytes });
    }
    expect(sizes.get(`${innodbOnly}\u0000packed`)!.SIZE_BYTES % 8192).toBe(0);
    expect(sizes.has(`${mixed}\u0000plain`)).toBe(true);
    expect(sizes.has(`${mixed}\u0000parts`)).toBe(false);
    expect(sizes.has(`${mixed}\u0000isam`)).toBe(false);
  });

  it('are read in full, with the same figures, by a user without the PROCESS privilege', async () => {
    const [grants] = await admin.query<mysql.RowDataPacket[]>(`SHOW GRANTS FOR '${user}'@'%'`);
    expect(JSON.stringify(grants)).not.toContain('PROCESS');
    expect(await introspected({ user, password })).toEqual(await reported());
  });
});
