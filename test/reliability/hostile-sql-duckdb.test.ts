/**
 * The hostile SQL corpus against a real DuckDB file through the agent's run_sql path, then through the adapter's
 * sandbox alone (no guard). A secret file sits next to the database: no result may carry its content, no file may
 * appear, and the canary tables and the sandbox's own settings must be unchanged.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { loadSqlParser } from '../../src/sql/index.js';
import { hostileSql } from '../fixtures/hostile-sql.js';
import { classCases, formatTally, newTally, runSqlTool, unboundedExhaustion } from './run-sql-probe.js';

const secret = `duck-secret-${randomBytes(6).toString('hex')}`;

describe('hostile SQL through run_sql on a real DuckDB file', () => {
  let dir: string;
  let adapter: Adapter;
  const tally = newTally();
  const cases = () => {
    const file = path.join(dir, 'secret.csv');
    const extra = [
      `SELECT * FROM '${file}'`,
      `SELECT * FROM '${dir}/*.csv'`,
      `SELECT * FROM read_csv('${file}')`,
      `SELECT * FROM read_text('${file}')`,
      `SELECT content FROM read_blob('${file}')`,
      `SELECT * FROM glob('${dir}/*')`,
      `SELECT * FROM query('SELECT * FROM read_text(''${file}'')')`,
      `SELECT json_execute_serialized_sql(json_serialize_sql('SELECT * FROM read_text(''${file}'')'))`,
      `COPY (SELECT 1) TO '${dir}/out.csv'`,
      `SELECT * FROM shop.canary, read_text('${file}')`,
      `WITH s AS (SELECT * FROM '${file}') SELECT * FROM s`,
    ];
    return [
      ...hostileSql.filter((c) => c.dialect === 'duckdb'),
      ...classCases('duckdb'),
      ...extra.map((sql) => ({ sql, category: 'file-access' })),
    ];
  };
  const state = async () =>
    JSON.stringify([
      (await adapter.query("SELECT string_agg(note, ',' ORDER BY id) AS notes FROM shop.canary")).rows,
      (await adapter.query('SELECT count(*) AS n FROM shop.orders')).rows,
      (await readdir(dir)).sort(),
    ]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'dt-duck-hostile-'));
    await writeFile(path.join(dir, 'secret.csv'), `key\n${secret}\n`);
    const file = path.join(dir, 'warehouse.duckdb');
    const setup = await createAdapter({ type: 'duckdb', path: file });
    for (const sql of [
      'CREATE SCHEMA shop',
      'CREATE TABLE shop.canary (id INTEGER, note VARCHAR)',
      "INSERT INTO shop.canary VALUES (1, 'alpha'), (2, 'beta')",
      'CREATE TABLE shop.orders (id INTEGER, customer_id INTEGER, total DECIMAL(10, 2))',
      'INSERT INTO shop.orders VALUES (1, 1, 10)',
      'CREATE SEQUENCE shop.order_seq',
    ]) {
      await setup.query(sql);
    }
    await setup.close();
    await loadSqlParser();
    adapter = await createAdapter({ type: 'duckdb', path: file });
  });
  afterAll(async () => {
    await adapter?.close();
    await rm(dir, { recursive: true, force: true });
    console.log(formatTally('hostile SQL on DuckDB', tally));
  });

  it('refuses every statement through run_sql, and nothing leaks or changes', async () => {
    const baseline = await state();
    const run = await runSqlTool(adapter, 'duckdb', tally);
    const problems: string[] = [];
    for (const { sql, category } of cases()) {
      const verdict = await run(sql, category);
      if (verdict.kind === 'ran') problems.push(`RAN: ${sql}`);
      if (verdict.kind !== 'ran' && verdict.message.includes(secret)) problems.push(`LEAKED: ${sql}`);
    }
    expect(problems).toEqual([]);
    expect(await state()).toBe(baseline);
    expect(tally.tried).toBeGreaterThanOrEqual(70);
  });

  it('resource exhaustion is bounded by the statement timeout and the byte caps', async () => {
    expect(await unboundedExhaustion(adapter, 'duckdb')).toEqual([]);
  }, 120_000);

  it('the sandbox alone (no guard) reads no file and changes nothing', async () => {
    const baseline = await state();
    const outcome = { refused: 0, ran: 0 };
    const problems: string[] = [];
    for (const { sql } of cases()) {
      try {
        const result = await adapter.query(sql, [], { sandbox: true, timeoutMs: 2000, maxRows: 100 });
        outcome.ran++;
        if (JSON.stringify(result.rows).includes(secret)) problems.push(`LEAKED: ${sql}`);
      } catch (error) {
        outcome.refused++;
        if (String((error as Error).message).includes(secret)) problems.push(`LEAKED IN ERROR: ${sql}`);
      }
    }
    console.log(`[reliability] DuckDB sandbox alone: ${JSON.stringify(outcome)}`);
    expect(problems).toEqual([]);
    expect(await state()).toBe(baseline);
    // The lock holds: SQL cannot turn external access back on.
    await expect(adapter.query('SET enable_external_access = true', [], { sandbox: true })).rejects.toThrow();
    const setting = await adapter.query("SELECT current_setting('enable_external_access') AS v");
    expect(String(setting.rows[0]?.v)).toBe('false');
  });
});
