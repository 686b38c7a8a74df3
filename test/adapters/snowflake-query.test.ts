/** Snowflake query behaviour against the fake: server-side cancel, row cap without extra downloads, binds, errors. */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { rewriteNamedParams } from '../../src/adapters/snowflake/statement.js';
import { expectCode, expectNoSecrets } from '../contract/contract-helpers.js';
import type { FakeSnowflake } from '../fakes/snowflake/index.js';
import { sfPassword, snowflakeCredentials, startSnowflakeFake } from './snowflake-harness.js';

let fake: FakeSnowflake;
let adapter: Adapter;
const logLines: string[] = [];
beforeAll(async () => {
  fake = await startSnowflakeFake({ rowsetLimit: 100, chunkRows: 100 });
  adapter = await createAdapter(snowflakeCredentials(fake), {
    log: (message, fields) => logLines.push(`${message} ${JSON.stringify(fields ?? {})}`),
  });
});
afterAll(async () => {
  await adapter.close();
  await fake.close();
});

describe('snowflake statements', () => {
  it('cancels a timed-out statement on the server and sends a server-side timeout', async () => {
    const aborts = fake.aborts.length;
    const error = await expectCode(adapter.query('CALL SYSTEM$WAIT(60)', undefined, { timeoutMs: 300 }), ['TIMEOUT']);
    expect(error.retriable).toBe(true);
    expect(fake.aborts.slice(aborts)).toEqual([expect.objectContaining({ cancelled: true })]);
    expect(fake.runningStatements()).toBe(0);
    const sent = fake.statements(/SYSTEM\$WAIT/).at(-1)!;
    expect(sent.body?.parameters).toEqual({ STATEMENT_TIMEOUT_IN_SECONDS: 2 });
  });

  it('cancels on the server when the signal aborts, and the abort reason wins over the late cancel error', async () => {
    const aborts = fake.aborts.length;
    const controller = new AbortController();
    const running = adapter.query('CALL SYSTEM$WAIT(60)', undefined, { signal: controller.signal, timeoutMs: 60_000 });
    await expect.poll(() => fake.runningStatements()).toBe(1);
    controller.abort();
    await expectCode(running, ['ABORTED']);
    expect(fake.aborts.slice(aborts)).toEqual([expect.objectContaining({ cancelled: true })]);
  });

  it("maps Snowflake's own statement timeout (000630) to TIMEOUT", async () => {
    const remove = fake.addHandler((ctx) =>
      ctx.sql.startsWith('SELECT 630')
        ? { kind: 'error', error: { code: '000630', sqlState: '57014', message: 'Statement reached its timeout' } }
        : undefined,
    );
    await expectCode(adapter.query('SELECT 630').finally(remove), ['TIMEOUT']);
  });

  it('stops at maxRows without downloading the chunks past it', async () => {
    const before = fake.chunkFetches();
    const result = await adapter.query('SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => 5000))', undefined, {
      maxRows: 150,
    });
    expect(result.rows).toHaveLength(150);
    expect(result.truncated).toBe(true);
    expect(result.rows.at(-1)).toEqual({ N: 149 });
    expect(result.columns).toEqual([{ name: 'N', type: 'NUMBER(38,0)' }]);
    // 49 chunks exist; only the first is needed (the driver may prefetch one more).
    expect(fake.chunkFetches() - before).toBeGreaterThan(0);
    expect(fake.chunkFetches() - before).toBeLessThanOrEqual(3);
  });

  it('binds positional values, and named ones rewritten to positions', async () => {
    const positional = await adapter.query('SELECT ? AS "n", ? AS "s", ? AS "b"', [7, 'x', true]);
    expect(positional.rows).toEqual([{ n: 7, s: 'x', b: true }]);
    const named = await adapter.query('SELECT :a AS "a", :b AS "b", :a AS "c"', { a: 1, b: 'two' });
    expect(named.rows).toEqual([{ a: 1, b: 'two', c: 1 }]);
    expect(fake.statements().at(-1)!.sqlText).toBe('SELECT :1 AS "a", :2 AS "b", :1 AS "c"');
  });

  it('rewrites named parameters only outside strings, identifiers, comments and casts', () => {
    const sql = `SELECT ':x' AS "q:x", :x::NUMBER -- :y\n, /* :y */ :y`;
    expect(rewriteNamedParams(sql, { x: 1, y: 2 })).toEqual({
      sqlText: `SELECT ':x' AS "q:x", :1::NUMBER -- :y\n, /* :y */ :2`,
      binds: [1, 2],
    });
    expect(() => rewriteNamedParams('SELECT :missing', {})).toThrow(/missing/);
  });

  it('validates without running on dryRun (describeOnly)', async () => {
    const result = await adapter.query('SELECT ? AS "n"', [1], { dryRun: true });
    expect(result.rows).toEqual([]);
    expect(result.columns.map((c) => c.name)).toEqual(['n']);
    expect(fake.statements().at(-1)!.body?.describeOnly).toBe(true);
  });

  it('fails a bad statement with QUERY_FAILED, the code and SQL state in details', async () => {
    const error = await expectCode(adapter.query('SELECT * FROM NOPE'), ['QUERY_FAILED']);
    expect(error.details).toMatchObject({ snowflakeCode: '002003', sqlState: '42S02' });
    expect(error.message).toContain("Object 'NOPE' does not exist");
  });

  it('keeps secrets out of errors and log lines, and writes no snowflake.log', async () => {
    const bad = snowflakeCredentials(fake, { password: 'sf-another-wrong-Pa55word' });
    const failing = await createAdapter(bad, { log: (message) => logLines.push(message) });
    const error = await expectCode(
      failing.testConnection().finally(() => failing.close()),
      ['AUTH_FAILED'],
    );
    expectNoSecrets(error, bad, snowflakeCredentials(fake));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) {
      expect(line).not.toContain(sfPassword);
      expect(line).not.toContain('sf-another-wrong-Pa55word');
    }
    expect(existsSync('snowflake.log')).toBe(false);
  });

  it('uses an injected driver instead of importing one', async () => {
    const real = createRequire(import.meta.url)('snowflake-sdk') as { createConnection: (o: unknown) => unknown };
    let created = 0;
    const driver = {
      ...real,
      createConnection: (options: unknown) => {
        created++;
        return real.createConnection(options);
      },
    };
    const injected = await createAdapter(snowflakeCredentials(fake), { driver });
    try {
      await injected.testConnection();
    } finally {
      await injected.close();
    }
    expect(created).toBe(1);
  });
});
