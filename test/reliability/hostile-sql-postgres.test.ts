/**
 * The hostile SQL corpus against a real PostgreSQL, as a superuser (the worst case an analyst connection can be),
 * through the agent's run_sql path. Runs on a private throwaway cluster of the local PostgreSQL install, so that a
 * statement that got through (pg_terminate_backend, ALTER SYSTEM, a role change) could not hurt anyone else's tests.
 * After every statement that reached the server: canary data, tables, roles, settings, sequences, large objects,
 * advisory locks, the victim session and the tool's own session settings must be unchanged.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { loadSqlParser } from '../../src/sql/index.js';
import { hostileSql } from '../fixtures/hostile-sql.js';
import { canStartCluster, type PrivateCluster, startPrivateCluster } from '../helpers/pg-cluster.js';
import { extraPostgresCases } from './hostile-sql-extra.js';
import { classCases, formatTally, newTally, runSqlTool, unboundedExhaustion } from './run-sql-probe.js';

const victimApp = `h10_victim_${randomBytes(3).toString('hex')}`;
const filePrefix = `/tmp/h10-pg-${randomBytes(4).toString('hex')}`;
const password = `pw-h10-${randomBytes(8).toString('hex')}`;
const tally = newTally();

const setupSql = [
  'CREATE SCHEMA shop',
  'CREATE SCHEMA billing',
  'CREATE TABLE shop.canary (id serial PRIMARY KEY, note text NOT NULL)',
  "INSERT INTO shop.canary (note) VALUES ('alpha'), ('beta'), ('gamma')",
  'CREATE TABLE shop.customers (id serial PRIMARY KEY, email text)',
  "INSERT INTO shop.customers (email) VALUES ('a@example.com')",
  'CREATE TABLE shop.orders (id serial PRIMARY KEY, customer_id int, total numeric)',
  'INSERT INTO shop.orders (customer_id, total) VALUES (1, 10)',
  'CREATE TABLE t (id int, a int)',
  'INSERT INTO t VALUES (1, 1)',
  'CREATE TABLE s (id int, v int)',
  'CREATE TABLE x (a int)',
  'CREATE MATERIALIZED VIEW billing.daily_revenue AS SELECT 1 AS day, 10 AS revenue',
  // The least-privilege role the README recommends: the sandbox switches to it with SET LOCAL ROLE.
  'CREATE ROLE h10_reader NOLOGIN',
  'GRANT USAGE ON SCHEMA shop, billing TO h10_reader',
  'GRANT SELECT ON ALL TABLES IN SCHEMA shop, billing TO h10_reader',
  `CREATE FUNCTION shop.h10_write_canary() RETURNS int LANGUAGE plpgsql AS $$
     BEGIN INSERT INTO shop.canary (note) VALUES ('pwned by a function'); RETURN 1; END $$`,
];

/** Everything a hostile statement could change, as one comparable string. */
const stateSql = `SELECT json_build_object(
  'rows', (SELECT json_agg(json_build_object('t', c.oid::regclass::text)) FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'm', 'S', 'v') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             AND n.nspname NOT LIKE 'pg_toast%'),
  'canary', (SELECT string_agg(id || ':' || note, ',' ORDER BY id) FROM shop.canary),
  'orders', (SELECT string_agg(id || ':' || total, ',' ORDER BY id) FROM shop.orders),
  't', (SELECT count(*) FROM t), 'seq', (SELECT last_value || '/' || is_called FROM shop.canary_id_seq),
  'roles', (SELECT string_agg(rolname || rolsuper || rolcanlogin || coalesce(rolpassword, ''), ',' ORDER BY rolname)
            FROM pg_authid),
  'dbSettings', (SELECT count(*) FROM pg_db_role_setting),
  'fileSettings', (SELECT string_agg(name || '=' || setting, ',' ORDER BY name) FROM pg_file_settings),
  'largeObjects', (SELECT count(*) FROM pg_largeobject_metadata),
  'advisoryLocks', (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'),
  'victim', (SELECT count(*) FROM pg_stat_activity WHERE application_name = '${victimApp}'))::text AS state`;

/** Settings of the tool's own pooled session, which a statement could change for the next query. */
const sessionSql = `SELECT current_setting('statement_timeout') AS statement_timeout,
  current_setting('default_transaction_read_only') AS read_only, current_setting('search_path') AS search_path,
  current_user AS current_user, session_user AS session_user, current_setting('role') AS role`;

describe.skipIf(!canStartCluster())('hostile SQL through run_sql on a real PostgreSQL (private cluster)', () => {
  let cluster: PrivateCluster;
  let admin: pg.Client;
  let victim: pg.Client;
  let adapter: Adapter;
  const adminState = async () => (await admin.query(stateSql)).rows[0].state as string;
  const probeSession = async () => (await adapter.query(sessionSql, [], { readOnly: true, timeoutMs: 5000 })).rows[0];

  beforeAll(async () => {
    cluster = await startPrivateCluster({ clientCertUser: 'h10_cert' });
    const local = { host: cluster.adminHost, port: cluster.port, user: 'postgres' };
    const setup = new pg.Client({ ...local, database: 'postgres' });
    await setup.connect();
    await setup.query(`ALTER ROLE postgres PASSWORD '${password}'`);
    await setup.query('CREATE DATABASE scratch');
    await setup.end();
    admin = new pg.Client({ ...local, database: 'scratch' });
    await admin.connect();
    for (const statement of setupSql) await admin.query(statement);
    victim = new pg.Client({ ...local, database: 'scratch', application_name: victimApp });
    victim.on('error', () => undefined);
    await victim.connect();
    await loadSqlParser();
    adapter = await createAdapter({
      type: 'postgres',
      host: '127.0.0.1',
      port: cluster.port,
      user: 'postgres',
      password,
      database: 'scratch',
      applicationName: 'h10_hostile',
    });
  }, 120_000);

  afterAll(async () => {
    await adapter?.close();
    await victim?.end().catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await cluster?.stop();
    console.log(formatTally('hostile SQL on PostgreSQL', tally));
  });

  it('refuses or neutralizes every statement, and nothing changes', async () => {
    const cases = [
      ...hostileSql.filter((c) => c.dialect === 'postgresql'),
      ...extraPostgresCases({ victim: victimApp, file: filePrefix }),
      ...classCases('postgresql'),
    ];
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const run = await runSqlTool(adapter, 'postgresql', tally);
    const probe = probeSession;
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
      // It reached the server: it must have changed nothing, there or in the session the pool hands out next.
      if ((await adminState()) !== baseline) problems.push(`CHANGED STATE: ${hostile.sql}`);
      const after = await probe();
      if (JSON.stringify(after) !== JSON.stringify(session)) {
        problems.push(`CHANGED SESSION: ${hostile.sql} ${JSON.stringify(after)}`);
      }
    }
    console.log(`[reliability] stopped by the server only:\n  ${stoppedByServer.join('\n  ')}`);
    expect(problems).toEqual([]);
    expect(await adminState()).toBe(baseline);
    for (const suffix of ['-lo', '-copy', '-program']) expect(existsSync(`${filePrefix}${suffix}`)).toBe(false);
    expect((await victim.query('SELECT 1 AS alive')).rows[0].alive).toBe(1);
    expect(tally.ran).toBe(0);
    expect(tally.refusedByParser + tally.refusedByDatabase).toBe(tally.tried);
  }, 120_000);
  it('the database layer alone (sandbox with a read-only role, no guard) lets nothing change', async () => {
    const cases = [
      ...hostileSql.filter((c) => c.dialect === 'postgresql'),
      ...extraPostgresCases({ victim: victimApp, file: filePrefix }),
      ...classCases('postgresql'),
    ];
    const baseline = await adminState();
    const session = await probeSession();
    const problems: string[] = [];
    const outcome = { refused: 0, ran: 0 };
    for (const hostile of cases) {
      try {
        await adapter.query(hostile.sql, [], { sandbox: { role: 'h10_reader' }, timeoutMs: 1000, maxRows: 100 });
        outcome.ran++;
      } catch {
        outcome.refused++;
      }
      if ((await adminState()) !== baseline) problems.push(`CHANGED STATE: ${hostile.sql}`);
      const after = await probeSession();
      if (JSON.stringify(after) !== JSON.stringify(session)) problems.push(`CHANGED SESSION: ${hostile.sql}`);
    }
    console.log(`[reliability] PostgreSQL sandbox alone (role h10_reader): ${JSON.stringify(outcome)}`);
    expect(problems).toEqual([]);
    for (const suffix of ['-lo', '-copy', '-program']) expect(existsSync(`${filePrefix}${suffix}`)).toBe(false);
    expect((await victim.query('SELECT 1 AS alive')).rows[0].alive).toBe(1);
    // The role cannot read password hashes or files, whatever the statement.
    await expect(
      adapter.query('SELECT rolpassword FROM pg_authid', [], { sandbox: { role: 'h10_reader' } }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      adapter.query("SELECT pg_read_file('/etc/hostname')", [], { sandbox: { role: 'h10_reader' } }),
    ).rejects.toThrow(/permission denied/);
  }, 180_000);

  it('resource exhaustion is bounded by the statement timeout and the byte caps', async () => {
    expect(await unboundedExhaustion(adapter, 'postgresql')).toEqual([]);
  }, 120_000);

  it('control: the detectors see a change when the guard is bypassed (read-only mode alone does not stop set_config)', async () => {
    const baseline = await adminState();
    const direct = await createAdapter({
      type: 'postgres',
      host: '127.0.0.1',
      port: cluster.port,
      user: 'postgres',
      password,
      database: 'scratch',
    });
    try {
      await direct.query('SELECT shop.h10_write_canary()', [], { readOnly: false });
      expect(await adminState()).not.toBe(baseline);
      await admin.query("DELETE FROM shop.canary WHERE note = 'pwned by a function'");
      await admin.query("SELECT setval('shop.canary_id_seq', 3)");
      expect(await adminState()).toBe(baseline);
      // The server accepts set_config in a READ ONLY transaction: only the parser stands between it and the pool.
      await direct.query("SELECT set_config('search_path', 'evil', false)", [], { readOnly: true });
      const after = await direct.query("SELECT current_setting('search_path') AS path", [], { readOnly: true });
      expect(after.rows[0]?.path).toBe('evil');
    } finally {
      await direct.close();
    }
  });
});
