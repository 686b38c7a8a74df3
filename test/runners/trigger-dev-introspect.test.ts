import { metadata } from '@trigger.dev/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/model.js';
import { toTriggerTask } from '../../src/runners/trigger-dev/index.js';
import { introspectDataTask } from '../../src/tasks/introspect-data/index.js';
import { countSessions, createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { installTriggerCatalog, resourceCatalog } from './trigger-dev-catalog.js';

const { runInMockTaskContext } = await import('@trigger.dev/core/v3/test');
const { taskContext } = await import('@trigger.dev/core/v3');

describe('introspectDataTask wrapped for Trigger.dev', () => {
  let database: TestDatabase;
  const app = `dt_trigger_${process.pid}`;
  beforeAll(async () => {
    database = await createFixtureDatabase(sharedServer, 'trigger');
    installTriggerCatalog('src/trigger/introspect-data.ts');
    toTriggerTask(introspectDataTask);
  });
  afterAll(() => database?.drop());

  it('registers id, retry and maxDuration as defined', () => {
    const registered = resourceCatalog.getTask('introspect-data');
    expect(registered?.retry).toMatchObject({
      maxAttempts: 3,
      factor: 2,
      minTimeoutInMs: 1000,
      maxTimeoutInMs: 10_000,
    });
    expect(registered?.maxDuration).toBe(300);
  });

  it('runs the registered run function against the local PostgreSQL and returns the catalog, with metadata in the SDK manager', async () => {
    const registered = resourceCatalog.getTask('introspect-data');
    const payload = await registered?.fns.parsePayload?.({
      dataSource: {
        name: 'pg',
        credentials: {
          type: 'postgres',
          host: '127.0.0.1',
          port: 5432,
          database: database.name,
          user: 'postgres',
          password: 'tdx-Secret-99',
          applicationName: app,
        },
      },
    });
    let seen: Record<string, unknown> = {};
    const output = (await runInMockTaskContext(async () => {
      const result = await registered?.fns.run(payload, {
        ctx: taskContext.ctx!,
        signal: new AbortController().signal,
      });
      seen = metadata.current() as Record<string, unknown>;
      return result;
    })) as { success: boolean; catalog: unknown; stats: { tables: number } };
    expect(output.success).toBe(true);
    expect(
      Catalog.parse(output.catalog)
        .databases[0]?.schemas.map((s) => s.name)
        .sort(),
    ).toEqual(expect.arrayContaining(['billing', 'shop']));
    expect(output.stats.tables).toBeGreaterThan(5);
    expect(seen).toMatchObject({ phase: 'completed' });
    expect(JSON.stringify([output, seen])).not.toContain('tdx-Secret-99');
    expect(await countSessions(sharedServer, app)).toBe(0);
  });

  it('rejects an invalid payload in the SDK parser before anything connects', async () => {
    const registered = resourceCatalog.getTask('introspect-data');
    await expect(
      registered?.fns.parsePayload?.({ dataSource: { name: 'x', credentials: { type: 'postgres' } } }),
    ).rejects.toThrow(/host/);
  });
});
