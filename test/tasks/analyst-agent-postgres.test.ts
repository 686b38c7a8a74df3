import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { Catalog } from '../../src/catalog/model.js';
import { lastToolResults, text, tool } from '../fakes/anthropic/server.js';
import {
  adminExec,
  adminValue,
  countSessions,
  createFixtureDatabase,
  sharedServer,
  type TestDatabase,
} from '../helpers/pg.js';
import { runAgent } from './agent-harness.js';
import { eventually } from './introspect-harness.js';

describe('analyst agent on PostgreSQL (fake Anthropic API)', () => {
  let database: TestDatabase;
  let catalog: Catalog;
  const app = `dt_agent_${randomUUID().slice(0, 8)}`;
  const dataSources = () => [
    {
      name: 'pg',
      credentials: {
        type: 'postgres' as const,
        host: '127.0.0.1',
        port: 5432,
        database: database.name,
        user: 'postgres',
        applicationName: app,
      },
    },
  ];
  const canary = () =>
    adminValue<number>(
      sharedServer,
      `SELECT count(*)::int FROM ${database.name === '' ? '' : 'pg_database'} WHERE datname = '${database.name}'`,
    );

  beforeAll(async () => {
    database = await createFixtureDatabase(sharedServer, 'agent');
    // A function the parser cannot know writes: only the database's read-only transaction can stop it.
    await adminExec(sharedServer, database.name, [
      'CREATE TABLE shop.audit (id serial PRIMARY KEY, note text)',
      `CREATE FUNCTION shop.sneaky_count() RETURNS bigint LANGUAGE plpgsql AS $$
         BEGIN INSERT INTO shop.audit (note) VALUES ('written'); RETURN (SELECT count(*) FROM shop.orders); END $$`,
    ]);
    const adapter = await createAdapter(dataSources()[0]!.credentials);
    try {
      catalog = await adapter.introspect();
    } finally {
      await adapter.close();
    }
  });
  afterAll(() => database?.drop());

  const auditRows = async () => {
    const adapter = await createAdapter(dataSources()[0]!.credentials);
    try {
      return Number((await adapter.query('SELECT count(*) AS n FROM shop.audit')).rows[0]?.n);
    } finally {
      await adapter.close();
    }
  };

  it('answers from a given catalog (no introspection); a write hidden in a function is refused', async () => {
    const run = await runAgent(
      [
        { content: [text('Count orders.')] },
        { content: [tool('run_sql', { sql: 'SELECT shop.sneaky_count() AS n' })] },
        (request) => {
          const [result] = lastToolResults(request);
          expect(result?.is_error).toBe(true);
          // The guard refuses user-defined functions; the sandbox's read-only transaction would stop the write too
          // (test/reliability/hostile-sql-postgres.test.ts runs the sandbox without the guard).
          expect(result?.content).toMatch(/user-defined/);
          return { content: [tool('run_sql', { sql: 'SELECT count(*) AS n FROM shop.orders' })] };
        },
        (request) => {
          const rows = JSON.parse(lastToolResults(request)[0]!.content).rows as Array<{ n: unknown }>;
          return { content: [tool('finish', { answer: `There are ${rows[0]!.n} orders.` })] };
        },
      ],
      { dataSources: dataSources(), catalog, query: 'How many orders are there?' },
    );
    expect(run.result.ok && run.result.output.result?.response).toBe('There are 6 orders.');
    expect(await auditRows()).toBe(0);
    expect(await countSessions(sharedServer, app)).toBe(0);
    expect(await canary()).toBe(1);
  });

  it('stops on abort in the middle of the tool loop and leaves no connection open', async () => {
    const controller = new AbortController();
    const run = await runAgent(
      [
        { content: [text('Plan.')] },
        { content: [tool('run_sql', { sql: 'SELECT count(*) AS n FROM shop.orders' })] },
        () => {
          controller.abort(new Error('user closed the chat'));
          return { content: [tool('run_sql', { sql: 'SELECT pg_catalog.now()' })] };
        },
      ],
      { dataSources: dataSources(), catalog },
      { signal: controller.signal },
    );
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) expect(run.result.error.code).toBe('ABORTED');
    expect(await eventually(async () => (await countSessions(sharedServer, app)) === 0)).toBe(true);
  });
});
