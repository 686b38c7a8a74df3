import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord, MetadataValue } from '../../src/core/context.js';
import { defineTask } from '../../src/core/task.js';
import { createInProcessRunner } from '../../src/runners/in-process/index.js';
import { createAnalystAgentTask } from '../../src/tasks/analyst-agent/index.js';
import { createIntrospectDataTask } from '../../src/tasks/introspect-data/index.js';
import { lastToolResults, startFakeAnthropic, text, tool } from '../fakes/anthropic/server.js';
import { createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { leakedForms } from '../helpers/secret-search.js';
import { fakeApiKey } from './agent-harness.js';

// The local server trusts every login, so any password connects: the point is where the password goes.
const secret = `Ref-pw-${randomUUID().slice(0, 8)}/+=`;
const envName = `DT_REF_${randomUUID().slice(0, 8).toUpperCase()}`;
const vaultSecret = `Vault-pw-${randomUUID().slice(0, 8)}`;

/** Everything a runner lets out of a run: events, logs, metadata, results. */
function capture(runner: ReturnType<typeof createInProcessRunner>) {
  const seen: unknown[] = [];
  const logs: LogRecord[] = [];
  const metadata: Array<Record<string, MetadataValue>> = [];
  for (const event of ['run:start', 'attempt:start', 'attempt:fail', 'run:complete'] as const) {
    runner.on(event, (payload: unknown) => seen.push({ event, payload }));
  }
  runner.on('log', (record) => logs.push(record));
  runner.on('metadata', (event) => metadata.push(event.metadata));
  const dump = (...extra: unknown[]) => {
    const errors = extra.map((value) =>
      value instanceof Error ? { message: value.message, stack: value.stack, cause: String(value.cause) } : value,
    );
    return JSON.stringify({ seen, logs, metadata, errors });
  };
  return { logs, metadata, dump };
}

describe('credentials by reference in runs', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createFixtureDatabase(sharedServer, 'ref');
    process.env[envName] = `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:5432/${database.name}`;
  });
  afterAll(async () => {
    delete process.env[envName];
    await database?.drop();
  });

  it('introspects through an env: reference, and the secret leaves the run in no form', async () => {
    const task = createIntrospectDataTask();
    const runner = createInProcessRunner({ tasks: [task] });
    const { logs, dump } = capture(runner);
    try {
      const result = await runner.triggerAndWait(task, {
        dataSource: { name: 'warehouse', credentials: { ref: `env:${envName}` } },
      });
      expect(result.ok).toBe(true);
      const output = result.unwrap();
      expect(output.dataSource).toMatchObject({ name: 'warehouse', type: 'postgres' });
      expect(output.stats.tables).toBeGreaterThan(0);
      const started = logs.find((record) => record.message === 'introspection started');
      expect(started?.fields).toMatchObject({ credentialsRef: `env:${envName}`, connection: { user: 'postgres' } });
      expect(leakedForms(dump(output), secret)).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  it('resolves an application scheme inside the run; failures name the reference, never the secret', async () => {
    const lookups: string[] = [];
    const task = createIntrospectDataTask({
      credentialResolvers: {
        vault: ({ id }) => {
          lookups.push(id);
          if (id === 'missing') return undefined;
          // A database that does not exist: the driver's error must not carry the password either.
          const name = id === 'broken' ? `${database.name}_nope` : database.name;
          return { type: 'postgres', host: '127.0.0.1', database: name, user: 'postgres', password: vaultSecret };
        },
      },
    });
    const runner = createInProcessRunner({ tasks: [task] });
    const { dump } = capture(runner);
    try {
      const ok = await runner.triggerAndWait(task, { dataSource: { name: 'v', credentials: { ref: 'vault:good' } } });
      expect(ok.ok).toBe(true);
      const missing = await runner.triggerAndWait(task, {
        dataSource: { name: 'v', credentials: { ref: 'vault:missing' } },
      });
      expect(missing.ok).toBe(false);
      if (!missing.ok) {
        expect(missing.error.code).toBe('CREDENTIALS_UNRESOLVED');
        expect(missing.error.message).toBe('Credentials reference "vault:missing" was not found: no such entry');
      }
      const broken = await runner.triggerAndWait(task, {
        dataSource: { name: 'v', credentials: { ref: 'vault:broken' } },
      });
      expect(broken.ok).toBe(false);
      if (!broken.ok) expect(broken.error.code).toBe('DATABASE_NOT_FOUND');
      // Not retried: a missing entry stays missing.
      expect(lookups.filter((id) => id === 'missing')).toHaveLength(1);
      const errors = [missing, broken].flatMap((result) => (result.ok ? [] : [result.error]));
      expect(leakedForms(dump(ok.ok ? ok.output : null, ...errors), vaultSecret)).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  it('the analyst agent passes the reference to its child introspection, never the resolved secret', async () => {
    const childPayloads: unknown[] = [];
    const introspect = createIntrospectDataTask();
    // The child definition as the runner runs it, recording the payload it receives.
    const recordingIntrospect = defineTask({
      ...introspect,
      run: (payload, ctx) => {
        childPayloads.push(structuredClone(payload));
        return introspect.run(payload, ctx);
      },
    });
    const fake = await startFakeAnthropic([
      { content: [text('1. Count the orders.')] },
      { content: [tool('run_sql', { sql: 'SELECT count(*) AS n FROM shop.orders' })] },
      (request) => {
        const rows = (JSON.parse(lastToolResults(request)[0]!.content) as { rows: Array<{ n: unknown }> }).rows;
        return { content: [tool('finish', { answer: `There are ${String(rows[0]?.n)} orders.` })] };
      },
    ]);
    const agent = createAnalystAgentTask({
      model: { apiKey: fakeApiKey, baseURL: fake.url },
      introspectTask: recordingIntrospect,
    });
    const runner = createInProcessRunner({ tasks: [agent, recordingIntrospect] });
    const { dump } = capture(runner);
    try {
      const result = await runner.triggerAndWait(agent, {
        sessionId: randomUUID(),
        query: 'How many orders are there?',
        dataSources: [{ name: 'pg', credentials: { ref: `env:${envName}` } }],
      });
      expect(result.ok).toBe(true);
      const output = result.unwrap();
      expect(output.success).toBe(true);
      expect(childPayloads).toEqual([
        expect.objectContaining({ dataSource: { name: 'pg', credentials: { ref: `env:${envName}` } } }),
      ]);
      const requests = JSON.stringify(fake.requests);
      expect(leakedForms(dump(output) + JSON.stringify(childPayloads) + requests, secret)).toEqual([]);
    } finally {
      await runner.close();
      await fake.close();
    }
  });
});
