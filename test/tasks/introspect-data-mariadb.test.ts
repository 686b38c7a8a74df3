import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { createMysqlTestEnv, mariadbAddress } from '../helpers/mysql.js';
import { eventually, everythingSeen, runIntrospectTask } from './introspect-harness.js';

describe('introspect-data task on MariaDB', () => {
  const env = createMysqlTestEnv('task');
  let proxy: FaultProxy;
  beforeAll(async () => {
    await env.setup({ fixture: true });
    proxy = await startFaultProxy(mariadbAddress);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await env.teardown();
  });

  it('introspects shop and billing, closes its connections, and leaks no secret', async () => {
    const run = await runIntrospectTask({ dataSource: { name: 'maria', credentials: env.credentials() } });
    expect(run.result.ok).toBe(true);
    const output = run.result.ok ? run.result.output : undefined;
    const tables = output?.catalog?.databases.flatMap((d) =>
      d.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}`)),
    );
    expect(tables).toEqual(expect.arrayContaining(['shop.customers', 'shop.orders', 'billing.payments']));
    const orders = output?.catalog?.databases[0]?.schemas
      .find((s) => s.name === 'shop')
      ?.tables.find((t) => t.name === 'orders');
    expect(orders?.foreignKeys[0]).toMatchObject({ referencedSchema: 'shop', referencedTable: 'customers' });
    // Extra sessions of the parallel read are closed at once; the server drops their threads a moment later.
    expect(await eventually(async () => (await env.openConnections()) === 0)).toBe(true);
    expect(everythingSeen(run)).not.toContain(env.password);
  });

  it('fails at once with AUTH_FAILED for a bad password, without retrying or showing it', async () => {
    const run = await runIntrospectTask({
      dataSource: { name: 'maria', credentials: env.credentials({ password: 'Wr0ng-Passw0rd-xyz' }) },
    });
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) expect(run.result.error.code).toBe('AUTH_FAILED');
    expect(run.attempts).toBe(1);
    expect(everythingSeen(run)).not.toContain('Wr0ng-Passw0rd-xyz');
  });

  it('retries after the connection is cut mid-introspection and leaves no connection behind', async () => {
    proxy.setMode({ kind: 'cut-after', bytes: 2500 });
    const run = await runIntrospectTask(
      { dataSource: { name: 'maria', credentials: env.credentials({ host: proxy.host, port: proxy.port }) } },
      { onAttemptFail: () => proxy.setMode({ kind: 'pass' }) },
    );
    expect(proxy.cuts).toBeGreaterThan(0);
    expect(run.result.ok).toBe(true);
    expect(run.attempts).toBeGreaterThan(1);
    expect(await eventually(async () => (await env.openConnections()) === 0)).toBe(true);
  });

  it('warns about the unreadable vault database and filters schemas', async () => {
    const run = await runIntrospectTask({
      dataSource: { name: 'maria', credentials: env.restrictedCredentials() },
      options: { schemas: { include: ['shop', 'vault'] } },
    });
    expect(run.result.ok).toBe(true);
    const output = run.result.ok ? run.result.output : undefined;
    expect(output?.catalog?.databases.flatMap((d) => d.schemas.map((s) => s.name))).not.toContain('billing');
    expect(JSON.stringify(output?.warnings)).toMatch(/vault/);
  });
});
