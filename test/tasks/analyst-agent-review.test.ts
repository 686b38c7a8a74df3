/** The analyst agent's review: numbers traced to cells the model was shown, metrics re-run and re-grounded. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { text, tool } from '../fakes/anthropic/server.js';
import { agentOutput, demoDatabase, runAgent, shownRows } from './agent-harness.js';

const plan = { content: [text('1. Query. 2. Answer.')] };
const paymentsSql = 'SELECT id, amount FROM billing.payments ORDER BY id';

describe('analyst agent review (fake Anthropic API, DuckDB demo)', () => {
  let demo: Awaited<ReturnType<typeof demoDatabase>>;
  let dataSources: Array<{ name: string; credentials: CredentialsInput }>;
  /** An amount of a payment past the rows a result shows, appearing nowhere in the shown rows. */
  let unseen: { amount: string; offset: number };
  beforeAll(async () => {
    demo = await demoDatabase();
    dataSources = [{ name: 'shop', credentials: demo.credentials }];
    const adapter = await createAdapter(demo.credentials);
    try {
      const { rows } = await adapter.query(`${paymentsSql}`);
      const shown = new Set(rows.slice(0, 50).flatMap((row) => [String(row.id), Number(row.amount).toFixed(2)]));
      const offset = rows.findIndex((row, i) => i >= 50 && !shown.has(Number(row.amount).toFixed(2)));
      unseen = { amount: Number(rows[offset]!.amount).toFixed(2), offset };
    } finally {
      await adapter.close();
    }
  });
  afterAll(() => demo.dispose());

  it('sends back an answer whose number comes from a row the model was never shown', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: paymentsSql })] },
        (request) => {
          // The model was shown the first rows only; the artifact keeps more.
          expect(shownRows(request).length).toBeLessThan(unseen.offset + 1);
          return { content: [tool('finish', { answer: `One payment was ${unseen.amount} EUR.` })] };
        },
        (request) => {
          const feedback = JSON.stringify(request.messages.at(-1));
          expect(feedback).toContain(unseen.amount);
          expect(feedback).toMatch(/shows only its first rows/);
          return {
            content: [
              tool('run_sql', {
                sql: `SELECT amount FROM billing.payments ORDER BY id LIMIT 1 OFFSET ${unseen.offset}`,
              }),
            ],
          };
        },
        (request) => ({
          content: [tool('finish', { answer: `One payment was ${shownRows(request)[0]!.amount} EUR.` })],
        }),
      ],
      { dataSources, query: 'Tell me about one payment amount' },
    );
    const out = agentOutput(run);
    expect(out.success).toBe(true);
    const queryArtifact = out.result?.artifacts.find((a) => a.id === 'q1');
    expect((queryArtifact!.content as { rows: unknown[] }).rows.length).toBeGreaterThan(unseen.offset);
    expect(out.result?.grounding).toEqual([
      expect.objectContaining({
        value: Number(unseen.amount),
        artifactId: 'q2',
        row: 0,
        column: 'amount',
        source: 'cell',
      }),
    ]);
  });

  it('sends back an answer to a quantitative question that states no grounded figure', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('finish', { answer: 'Revenue looks healthy.' })] },
        (request) => {
          expect(JSON.stringify(request.messages.at(-1))).toMatch(/asks for a figure/);
          return { content: [tool('run_sql', { sql: 'SELECT SUM(amount) AS revenue FROM billing.payments' })] };
        },
        (request) => ({
          content: [tool('finish', { answer: `Revenue is ${shownRows(request)[0]!.revenue} EUR.` })],
        }),
      ],
      { dataSources, query: 'What is the total paid revenue?' },
    );
    const out = agentOutput(run);
    expect(out.success).toBe(true);
    expect(out.result?.response).toBe('Revenue is 143221.4 EUR.');
  });

  it('re-runs metrics and grounds again: a figure the re-run no longer returns is sent back', async () => {
    const run = await runAgent(
      [
        plan,
        // random() differs on every run: what the model saw cannot be confirmed by the review's re-run.
        { content: [tool('create_metric', { name: 'Sample', sql: 'SELECT round(random() * 1000000, 2) AS sample' })] },
        (request) => ({ content: [tool('finish', { answer: `The sample is ${shownRows(request)[0]!.sample}.` })] }),
        (request) => {
          expect(JSON.stringify(request.messages.at(-1))).toMatch(/do not come from any query result/);
          return { content: [tool('finish', { answer: 'The sample changes on every run, so no figure is stable.' })] };
        },
      ],
      { dataSources, query: 'Draw a sample' },
    );
    const out = agentOutput(run);
    expect(out.success).toBe(true);
    const metric = out.result?.artifacts.find((a) => a.type === 'metric');
    // The metric's rows are the review's re-run.
    expect((metric!.content as { rows: unknown[] }).rows).toHaveLength(1);
    expect(out.result?.grounding).toEqual([]);
  });
});
