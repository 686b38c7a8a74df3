import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { AnalystAgentOutput } from '../../src/tasks/analyst-agent/index.js';
import { lastToolResults, text, tool } from '../fakes/anthropic/server.js';
import { demoDatabase, fakeApiKey, firstCell, runAgent } from './agent-harness.js';

const plan = { content: [text('1. Sum payments. 2. Report it.')] };
const revenueSql = 'SELECT SUM(amount) AS revenue FROM billing.payments';

describe('analyst agent (fake Anthropic API, DuckDB demo)', () => {
  let demo: Awaited<ReturnType<typeof demoDatabase>>;
  let dataSources: Array<{ name: string; credentials: CredentialsInput }>;
  beforeAll(async () => {
    demo = await demoDatabase();
    dataSources = [{ name: 'shop', credentials: demo.credentials }];
  });
  afterAll(() => demo.dispose());

  it('answers with a metric and a chart, introspecting through the child task, and reports every phase', async () => {
    const run = await runAgent(
      [
        plan,
        {
          content: [
            tool('create_metric', {
              name: 'Revenue by method',
              sql: 'SELECT method, SUM(amount) AS revenue FROM billing.payments GROUP BY method ORDER BY method',
            }),
          ],
        },
        {
          content: [
            tool('create_chart', {
              metricId: 'm1',
              title: 'Revenue by method',
              mark: 'bar',
              x: 'method',
              y: 'revenue',
            }),
          ],
        },
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [tool('finish', { answer: `Total paid revenue is ${firstCell(request)} EUR.` })] }),
      ],
      { dataSources },
    );
    expect(run.result.ok).toBe(true);
    const output = AnalystAgentOutput.parse(run.result.ok ? run.result.output : undefined);
    expect(output.success).toBe(true);
    expect(output.result?.response).toMatch(/Total paid revenue is 143221\.4/);
    const types = output.result?.artifacts.map((a) => `${a.id}:${a.type}`);
    expect(types).toEqual(['m1:metric', 'c1:chart', 'q1:query']);
    const chart = output.result?.artifacts.find((a) => a.type === 'chart');
    expect(chart?.content).toMatchObject({
      metricId: 'm1',
      spec: { mark: { type: 'bar' }, encoding: { x: { field: 'method' } } },
    });
    const spec = (chart?.content as unknown as { spec: { data: { values: unknown[] } } } | undefined)?.spec;
    expect(spec?.data.values).toHaveLength(3);
    expect(output.result?.usage).toMatchObject({ steps: 5, queries: 2 });
    const phases = [...new Set(run.metadata.map((m) => m.phase))];
    expect(phases).toEqual(['initializing', 'searching', 'planning', 'analyzing', 'reviewing', 'completed']);
    // The model saw a compact excerpt of the ranked catalog and the tools' JSON schemas.
    const first = run.fake.requests[0]!;
    expect(JSON.stringify(first.system)).toContain('payments');
    expect(JSON.stringify(first.messages[0])).toContain('What is the total paid revenue?');
    // The answer's number is traced to the cell the model was shown.
    expect(output.result?.grounding).toEqual([
      expect.objectContaining({ artifactId: 'q1', sql: revenueSql, row: 0, column: 'revenue', source: 'cell' }),
    ]);
    expect(run.fake.requests[1]?.tools?.map((t) => t.name)).toEqual([
      'search_catalog',
      'describe_table',
      'run_sql',
      'create_metric',
      'create_chart',
      'create_dashboard',
      'finish',
    ]);
    expect(run.fake.keys[0]).toContain(fakeApiKey);
    expect(JSON.stringify([run.logs, run.metadata, output])).not.toContain(fakeApiKey);
  });

  it('heals a SQL error returned as an is_error tool result', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: 'SELECT SUM(amount_eur) FROM billing.payments' })] },
        (request) => {
          const [result] = lastToolResults(request);
          expect(result?.is_error).toBe(true);
          expect(result?.content).toMatch(/amount_eur/);
          return { content: [tool('run_sql', { sql: revenueSql })] };
        },
        (request) => ({ content: [tool('finish', { answer: `Revenue: ${firstCell(request)}` })] }),
      ],
      { dataSources },
    );
    expect(run.result.ok && run.result.output.success).toBe(true);
    expect(run.fake.remaining()).toBe(0);
  });

  it('refuses a write statement with the reason, and the data is unchanged', async () => {
    const before = await countOrders(demo.credentials);
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: 'DELETE FROM shop.orders' })] },
        (request) => {
          const [result] = lastToolResults(request);
          expect(result?.is_error).toBe(true);
          expect(result?.content).toMatch(/Refused: DELETE is not allowed/);
          return {
            content: [tool('run_sql', { sql: 'SELECT COUNT(*) AS n FROM shop.orders; DROP TABLE shop.orders' })],
          };
        },
        (request) => {
          expect(lastToolResults(request)[0]?.content).toMatch(/Multiple statements/);
          return { content: [tool('finish', { answer: 'I may only read data.' })] };
        },
      ],
      { dataSources, query: 'Please delete the orders table' },
    );
    expect(run.result.ok && run.result.output.success).toBe(true);
    expect(await countOrders(demo.credentials)).toBe(before);
  });

  it('fails with MAX_STEPS_EXCEEDED after maxSteps turns and reports the partial artifacts', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: revenueSql })] },
        { content: [tool('search_catalog', { query: 'refunds' })] },
      ],
      { dataSources, options: { maxSteps: 2 } },
    );
    expect(run.result.ok).toBe(true);
    const output = run.result.ok ? run.result.output : undefined;
    expect(output?.success).toBe(false);
    expect(output?.error?.code).toBe('MAX_STEPS_EXCEEDED');
    expect(output?.result?.artifacts.map((a: { id: string }) => a.id)).toEqual(['q1']);
    expect(run.metadata.at(-1)?.phase).toBe('failed');
  });

  it('returns a tool input that fails its schema to the model, which corrects it', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('create_metric', { name: 'Orders', sql: 'SELECT COUNT(*) AS orders FROM shop.orders' })] },
        { content: [tool('create_chart', { metricId: 'm1', title: 'Orders', mark: 'pie', x: 'orders', y: 'orders' })] },
        (request) => {
          expect(lastToolResults(request)[0]).toMatchObject({ is_error: true });
          expect(lastToolResults(request)[0]?.content).toMatch(/Invalid input: mark/);
          return {
            content: [tool('create_chart', { metricId: 'm1', title: 'Orders', mark: 'arc', x: 'orders', y: 'orders' })],
          };
        },
        { content: [tool('finish', { answer: 'See the chart.' })] },
      ],
      { dataSources, query: 'Chart the orders' },
    );
    expect(run.result.ok && run.result.output.result?.artifacts.map((a: { type: string }) => a.type)).toEqual([
      'metric',
      'chart',
    ]);
  });

  it('sends the review problems back when the answer states numbers no query returned', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: revenueSql })] },
        { content: [tool('finish', { answer: 'Revenue is 987654.32 EUR.' })] },
        (request) => {
          expect(JSON.stringify(request.messages.at(-1))).toMatch(/987654\.32/);
          return { content: [tool('finish', { answer: 'Revenue is 143221.40 EUR.' })] };
        },
      ],
      { dataSources },
    );
    expect(run.result.ok && run.result.output.result?.response).toBe('Revenue is 143221.40 EUR.');
  });

  it('streams model turns over SSE and publishes the draft', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: 'SELECT COUNT(*) AS n FROM shop.orders' })] },
        (request) => ({ content: [text(`The shop has ${firstCell(request)} orders in all.`)] }),
      ],
      { dataSources, query: 'How many orders?', options: { enableStreaming: true } },
    );
    expect(run.result.ok && run.result.output.result?.response).toBe('The shop has 400 orders in all.');
    expect(run.fake.requests.every((r) => r.stream === true)).toBe(true);
    expect(run.metadata.some((m) => typeof m.draft === 'string' && m.draft.includes('400 orders'))).toBe(true);
  });

  it('fails at once, without retrying or connecting, when no API key is set', async () => {
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      const run = await runAgent([plan], { dataSources }, { apiKey: null });
      expect(run.result.ok).toBe(false);
      if (!run.result.ok) {
        expect(run.result.error.code).toBe('MODEL_AUTH_FAILED');
        expect(run.result.error.message).toMatch(/ANTHROPIC_API_KEY/);
      }
      expect(run.fake.requests).toHaveLength(0);
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });

  it('fails at once on a rejected key (HTTP 401) and never shows the key', async () => {
    const run = await runAgent([{ status: 401, errorType: 'authentication_error', message: 'invalid x-api-key' }], {
      dataSources,
    });
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) {
      expect(run.result.error.code).toBe('MODEL_AUTH_FAILED');
      expect(run.result.error.message).not.toContain(fakeApiKey);
    }
    expect(run.fake.requests).toHaveLength(1);
  });

  it('rejects an invalid payload before anything starts, naming the fields', async () => {
    const run = await runAgent([], { dataSources: [], query: '' } as never);
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) {
      expect(run.result.error.code).toBe('INVALID_INPUT');
      expect(run.result.error.message).toMatch(/query/);
      expect(run.result.error.message).toMatch(/dataSources/);
    }
  });
});

async function countOrders(credentials: CredentialsInput): Promise<number> {
  const adapter = await createAdapter(credentials);
  try {
    const result = await adapter.query('SELECT COUNT(*) AS n FROM shop.orders');
    return Number(result.rows[0]?.n);
  } finally {
    await adapter.close();
  }
}
