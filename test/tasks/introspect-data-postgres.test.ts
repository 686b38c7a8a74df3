import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/model.js';
import { runIntrospection } from '../../src/run-introspection.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import {
  adminExec,
  countSessions,
  createFixtureDatabase,
  dropRoles,
  sharedServer,
  type TestDatabase,
} from '../helpers/pg.js';
import { eventually, everythingSeen, runIntrospectTask } from './introspect-harness.js';

const secret = `pw-${randomBytes(6).toString('hex')}-Sekr3t`;

describe('introspect-data task on PostgreSQL', () => {
  let database: TestDatabase;
  let proxy: FaultProxy;
  const app = `dt_task_${randomBytes(3).toString('hex')}`;
  const restricted = `dt_task_ro_${randomBytes(3).toString('hex')}`;
  const credentials = (extra: Record<string, unknown> = {}) => ({
    type: 'postgres' as const,
    host: '127.0.0.1',
    port: 5432,
    database: database.name,
    user: 'postgres',
    password: secret,
    applicationName: app,
    ...extra,
  });
  const sessions = () => countSessions(sharedServer, app);

  beforeAll(async () => {
    database = await createFixtureDatabase(sharedServer, 'task');
    await adminExec(sharedServer, database.name, [
      `CREATE ROLE ${restricted} LOGIN`,
      `GRANT USAGE ON SCHEMA shop, billing TO ${restricted}`,
      `GRANT SELECT ON ALL TABLES IN SCHEMA shop, billing TO ${restricted}`,
    ]);
    proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
    await dropRoles(sharedServer, [restricted]);
  });

  it('introspects the fixture, reports every phase, closes the connection, and leaks no secret', async () => {
    const run = await runIntrospectTask({ dataSource: { name: 'pg', credentials: credentials() } });
    expect(run.result.ok).toBe(true);
    const output = run.result.ok ? run.result.output : undefined;
    expect(output?.success).toBe(true);
    expect(Catalog.safeParse(output?.catalog).success).toBe(true);
    const tables = output?.catalog?.databases.flatMap((d) =>
      d.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}`)),
    );
    expect(tables).toEqual(
      expect.arrayContaining(['shop.customers', 'shop.order_items', 'billing.payments', 'billing.daily_revenue']),
    );
    expect(output?.stats.tables).toBe(tables?.length);
    expect(output?.stats.queries).toBeGreaterThan(0);
    expect(output?.dataSource).toMatchObject({
      name: 'pg',
      type: 'postgres',
      serverVersion: expect.stringMatching(/\d+/),
    });
    const phases = [...new Set(run.metadata.map((m) => m.phase))];
    expect(phases).toEqual(['validating', 'connecting', 'introspecting', 'cleaning-up', 'completed']);
    expect(run.logs.some((l) => l.message === 'introspection finished')).toBe(true);
    expect(await sessions()).toBe(0);
    expect(everythingSeen(run)).not.toContain(secret);
  });

  it('fails at once with AUTH_FAILED for a bad login, without retrying', async () => {
    const run = await runIntrospectTask({
      dataSource: { name: 'pg', credentials: credentials({ user: 'no_such_role_dt' }) },
    });
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) expect(run.result.error.code).toBe('AUTH_FAILED');
    expect(run.attempts).toBe(1);
    expect(everythingSeen(run)).not.toContain(secret);
  });

  it('rejects bad input before connecting, naming every bad field', async () => {
    const run = await runIntrospectTask({
      dataSource: { name: '', credentials: { type: 'postgres', port: 99999, password: secret } },
    } as never);
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) {
      expect(run.result.error.code).toBe('INVALID_INPUT');
      expect(run.result.error.message).toMatch(/dataSource\.name/);
      expect(run.result.error.message).toMatch(/credentials\.port/);
    }
    expect(run.attempts).toBeLessThanOrEqual(1);
    expect(everythingSeen(run)).not.toContain(secret);
  });

  it('retries when the server connection is cut mid-introspection, and ends with the full catalog and no session left', async () => {
    const baseline = await runIntrospectTask({ dataSource: { name: 'pg', credentials: credentials() } });
    proxy.setMode({ kind: 'cut-after', bytes: 3000 });
    const run = await runIntrospectTask(
      { dataSource: { name: 'pg', credentials: credentials({ host: proxy.host, port: proxy.port }) } },
      { onAttemptFail: () => proxy.setMode({ kind: 'pass' }) },
    );
    expect(proxy.cuts).toBeGreaterThan(0);
    expect(run.attempts).toBeGreaterThan(1);
    expect(run.result.ok).toBe(true);
    const strip = (catalog: unknown) => JSON.stringify({ ...(catalog as object), introspectedAt: undefined });
    expect(strip(run.result.ok && run.result.output.catalog)).toBe(
      strip(baseline.result.ok && baseline.result.output.catalog),
    );
    expect(await eventually(async () => (await sessions()) === 0)).toBe(true);
  });

  it('fails with TIMEOUT when maxDuration passes on a stalled server, and runs cleanup', async () => {
    proxy.setMode({ kind: 'stall' });
    const run = await runIntrospectTask(
      { dataSource: { name: 'pg', credentials: credentials({ host: proxy.host, port: proxy.port }) } },
      { maxDuration: 1 },
    );
    proxy.setMode({ kind: 'pass' });
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) expect(run.result.error.code).toBe('TIMEOUT');
    expect(run.metadata.some((m) => m.phase === 'cleaning-up')).toBe(true);
    expect(await eventually(async () => proxy.openConnections() === 0)).toBe(true);
  });

  it('stops on abort from the caller and leaves no session open', async () => {
    const controller = new AbortController();
    const run = await runIntrospectTask(
      { dataSource: { name: 'pg', credentials: credentials() } },
      {
        signal: controller.signal,
        onMetadata: (metadata) => {
          if (metadata.phase === 'introspecting') controller.abort(new Error('user cancelled'));
        },
      },
    );
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) expect(run.result.error.code).toBe('ABORTED');
    expect(await eventually(async () => (await sessions()) === 0)).toBe(true);
  });

  it('applies schema and table filters', async () => {
    const output = await runIntrospection(credentials(), {
      schemas: { include: ['shop'] },
      tables: { exclude: ['order_*'] },
    });
    const tables = output.catalog?.databases.flatMap((d) =>
      d.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}`)),
    );
    expect(tables).toContain('shop.customers');
    expect(tables).not.toContain('shop.order_items');
    expect(tables?.some((t) => t.startsWith('billing.'))).toBe(false);
  });

  it('reports an unreadable schema as a warning and still succeeds', async () => {
    const output = await runIntrospection(credentials({ user: restricted }), {});
    expect(output.success).toBe(true);
    expect(output.warnings.map((w) => `${w.code} ${w.scope ?? ''} ${w.message}`).join('\n')).toMatch(/vault/);
  });

  it('runIntrospection throws a typed error with throwOnError and resolves to { success: false } otherwise', async () => {
    const failed = await runIntrospection(credentials({ user: 'no_such_role_dt' }), { name: 'bad' });
    expect(failed).toMatchObject({
      success: false,
      dataSource: { name: 'bad', type: 'postgres' },
      error: { code: 'AUTH_FAILED' },
    });
    await expect(
      runIntrospection(credentials({ user: 'no_such_role_dt' }), { throwOnError: true }),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    expect(JSON.stringify(failed)).not.toContain(secret);
  });
});
