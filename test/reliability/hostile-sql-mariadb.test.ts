/**
 * The hostile SQL corpus against the real MariaDB through the agent's run_sql path, as a user who owns its scratch
 * database (and holds FILE), so that a statement that got through could really write. After every statement that
 * reached the server: canary data, tables, grants, users, globals, locks, the sequence, the victim session (same
 * user, so KILL would be allowed) and the tool's session settings must be unchanged.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { loadSqlParser } from '../../src/sql/index.js';
import { hostileSql } from '../fixtures/hostile-sql.js';
import { mariadbAddress } from '../helpers/mysql.js';
import { eventually } from '../tasks/introspect-harness.js';
import { extraMysqlCases } from './hostile-sql-extra.js';
import { createMariadbScratch, type MariadbScratch } from './mariadb-scratch.js';
import { classCases, formatTally, newTally, runSqlTool, unboundedExhaustion } from './run-sql-probe.js';

const filePrefix = `/tmp/h10-maria-${randomBytes(4).toString('hex')}`;
const tally = newTally();

const extraStatements = [
  'CREATE TABLE canary (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(100) NOT NULL)',
  "INSERT INTO canary (note) VALUES ('alpha'), ('beta'), ('gamma')",
  'CREATE TABLE t (id INT, a INT)',
  'INSERT INTO t VALUES (1, 1)',
  'CREATE TABLE s (id INT, v INT)',
  'CREATE SEQUENCE h10_seq',
  `CREATE FUNCTION h10_write_canary() RETURNS INT MODIFIES SQL DATA
     BEGIN INSERT INTO canary (note) VALUES ('pwned by a function'); RETURN 1; END`,
  "CREATE PROCEDURE h10_write_proc() MODIFIES SQL DATA INSERT INTO canary (note) VALUES ('pwned by a procedure')",
];

describe('hostile SQL through run_sql on a real MariaDB', () => {
  let scratch: MariadbScratch;
  let victim: mysql.Connection;
  let victimId = 0;
  let adapter: Adapter;

  const adminState = async (): Promise<string> => {
    const admin = scratch.admin();
    const db = scratch.database;
    const one = async (sql: string, params: unknown[] = []) => {
      const [rows] = await admin.query<mysql.RowDataPacket[]>(sql, params);
      return JSON.stringify(rows);
    };
    return JSON.stringify([
      await one(`SELECT id, note FROM \`${db}\`.canary ORDER BY id`),
      await one(`SELECT COUNT(*) AS n FROM \`${db}\`.t`),
      await one('SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1', [db]),
      await one(`SHOW GRANTS FOR '${scratch.user}'@'%'`),
      await one("SELECT COUNT(*) AS n FROM mysql.user WHERE User LIKE 'h10evil%'"),
      await one('SELECT @@GLOBAL.read_only AS ro, @@GLOBAL.max_connections AS mc, @@GLOBAL.sql_mode AS sm'),
      await one("SELECT IS_USED_LOCK('h10lock') AS l"),
      await one(`SELECT next_not_cached_value AS v FROM \`${db}\`.h10_seq`),
      await one('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?', [victimId]),
    ]);
  };
  const sessionSql =
    'SELECT @@SESSION.tx_read_only AS ro, @@SESSION.sql_mode AS sm, @@SESSION.max_statement_time AS mst, ' +
    '@@SESSION.autocommit AS ac, CURRENT_USER() AS cu, DATABASE() AS db';

  beforeAll(async () => {
    scratch = await createMariadbScratch('sql', { extraStatements });
    await scratch.admin().query(`GRANT FILE ON *.* TO '${scratch.user}'@'%'`);
    const mysqlDriver = await import('mysql2/promise');
    victim = await mysqlDriver.createConnection({
      ...mariadbAddress,
      user: scratch.user,
      password: scratch.password,
      database: scratch.database,
    });
    victim.on('error', () => undefined);
    victimId = victim.threadId ?? 0;
    await loadSqlParser();
    adapter = await createAdapter(scratch.credentials());
  }, 120_000);

  afterAll(async () => {
    await adapter?.close();
    await victim?.end().catch(() => undefined);
    await scratch?.drop();
    console.log(formatTally('hostile SQL on MariaDB', tally));
  });

  it('refuses or neutralizes every statement, and nothing changes', async () => {
    const cases = [
      ...hostileSql.filter((c) => c.dialect === 'mysql'),
      ...extraMysqlCases({ victim: String(victimId), file: filePrefix }),
      ...classCases('mysql'),
    ];
    expect(cases.length).toBeGreaterThanOrEqual(80);
    const run = await runSqlTool(adapter, 'mysql', tally);
    const probe = async () => (await adapter.query(sessionSql, [], { readOnly: true, timeoutMs: 5000 })).rows[0];
    const baseline = await adminState();
    const session = await probe();
    expect(baseline).toContain('alpha');
    const problems: string[] = [];
    const stoppedByServer: string[] = [];
    for (const hostile of cases) {
      const verdict = await run(hostile.sql, hostile.category);
      if (verdict.kind === 'ran') problems.push(`RAN: ${hostile.sql}`);
      if (verdict.kind !== 'database') continue;
      stoppedByServer.push(`${hostile.sql.slice(0, 70)} -> ${verdict.message.slice(0, 60)}`);
      if ((await adminState()) !== baseline) problems.push(`CHANGED STATE: ${hostile.sql}`);
      const after = await probe();
      if (JSON.stringify(after) !== JSON.stringify(session)) {
        problems.push(`CHANGED SESSION: ${hostile.sql} ${JSON.stringify(after)}`);
      }
    }
    console.log(`[reliability] stopped by the server only:\n  ${stoppedByServer.join('\n  ')}`);
    expect(problems).toEqual([]);
    expect(await adminState()).toBe(baseline);
    for (const suffix of ['-outfile', '-dumpfile']) expect(existsSync(`${filePrefix}${suffix}`)).toBe(false);
    const [alive] = await victim.query<mysql.RowDataPacket[]>('SELECT 1 AS alive');
    expect(alive[0]?.alive).toBe(1);
    expect(tally.ran).toBe(0);
    expect(tally.refusedByParser + tally.refusedByDatabase).toBe(tally.tried);
  }, 120_000);
  it('the database layer alone (sandbox, SELECT-only user, no guard) lets nothing change', async () => {
    const reader = `dt_h10_ro_${randomBytes(3).toString('hex')}`;
    const readerPassword = `pw-ro-${randomBytes(8).toString('hex')}`;
    const admin = scratch.admin();
    await admin.query(`CREATE USER '${reader}'@'%' IDENTIFIED BY ?`, [readerPassword]);
    await admin.query(`GRANT SELECT ON \`${scratch.database}\`.* TO '${reader}'@'%'`);
    const readOnly = await createAdapter({ ...scratch.credentials(), user: reader, password: readerPassword } as never);
    try {
      const cases = [
        ...hostileSql.filter((c) => c.dialect === 'mysql'),
        ...extraMysqlCases({ victim: String(victimId), file: filePrefix }),
        ...classCases('mysql'),
      ];
      const baseline = await adminState();
      const outcome = { refused: 0, ran: 0 };
      const problems: string[] = [];
      for (const hostile of cases) {
        try {
          await readOnly.query(hostile.sql, [], { sandbox: true, timeoutMs: 1000, maxRows: 100 });
          outcome.ran++;
        } catch {
          outcome.refused++;
        }
        // Session-scoped things (a GET_LOCK) go when the server has seen the discarded connection close.
        const unchanged = await eventually(async () => (await adminState()) === baseline, 40);
        if (!unchanged) problems.push(`CHANGED STATE: ${hostile.sql}`);
      }
      console.log(`[reliability] MariaDB sandbox alone (SELECT-only user): ${JSON.stringify(outcome)}`);
      expect(problems).toEqual([]);
      for (const suffix of ['-outfile', '-dumpfile']) expect(existsSync(`${filePrefix}${suffix}`)).toBe(false);
      // A sandboxed connection is never reused: a lock or variable it took is gone with it (once the server has
      // seen the connection close).
      await readOnly.query("SELECT GET_LOCK('h10lock', 0) AS l", [], { sandbox: true });
      const released = async () => {
        const [lock] = await admin.query<mysql.RowDataPacket[]>("SELECT IS_USED_LOCK('h10lock') AS l");
        return (lock[0]?.l ?? null) === null;
      };
      expect(await eventually(released)).toBe(true);
      await readOnly.query('SELECT @h10 := 1', [], { sandbox: true }).catch(() => undefined);
      const variable = await readOnly.query('SELECT @h10 AS v', [], { sandbox: true });
      expect(variable.rows[0]?.v ?? null).toBeNull();
      const report = await readOnly.checkPrivileges!();
      expect(report).toEqual({ readOnly: true, findings: [] });
    } finally {
      await readOnly.close();
      await admin.query(`DROP USER IF EXISTS '${reader}'@'%'`);
    }
  }, 180_000);

  it('resource exhaustion is bounded by the statement timeout and the byte caps', async () => {
    expect(await unboundedExhaustion(adapter, 'mysql')).toEqual([]);
  }, 120_000);

  it('control: the detectors see a change when the guard is bypassed', async () => {
    const baseline = await adminState();
    const direct = await createAdapter(scratch.credentials());
    try {
      await direct.query('SELECT h10_write_canary()', [], { readOnly: false });
      expect(await adminState()).not.toBe(baseline);
      await scratch.admin().query(`DELETE FROM \`${scratch.database}\`.canary WHERE note = 'pwned by a function'`);
      expect(await adminState()).toBe(baseline);
    } finally {
      await direct.close();
    }
  });
});
