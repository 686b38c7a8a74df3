/** Model turns of the analyst agent against the fake Messages API: stop reasons, in-turn retries, caching, budget. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { continuePrompt } from '../../src/tasks/analyst-agent/model-turn.js';
import { lastToolResults, type Reply, text, tool } from '../fakes/anthropic/server.js';
import { type AgentRun, agentOutput, demoDatabase, firstCell, runAgent } from './agent-harness.js';

const plan = { content: [text('1. Sum payments. 2. Report it.')] };
const revenueSql = 'SELECT SUM(amount) AS revenue FROM billing.payments';
const overloaded: Reply = {
  status: 529,
  errorType: 'overloaded_error',
  message: 'Overloaded',
  headers: { 'retry-after': '0' },
};

/** Child introspect-data runs that finished (one per introspection). */
const introspections = (run: AgentRun) =>
  new Set(run.logs.filter((log) => log.taskId === 'introspect-data').map((log) => log.runId)).size;

describe('analyst agent model turns (fake Anthropic API, DuckDB demo)', () => {
  let demo: Awaited<ReturnType<typeof demoDatabase>>;
  let dataSources: Array<{ name: string; credentials: CredentialsInput }>;
  beforeAll(async () => {
    demo = await demoDatabase();
    dataSources = [{ name: 'shop', credentials: demo.credentials }];
  });
  afterAll(() => demo.dispose());

  it('max_tokens in text: the turn is continued and the parts joined into the answer', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [text(`The total paid revenue is ${firstCell(request)}`)], stopReason: 'max_tokens' }),
        (request) => {
          expect(request.messages.at(-1)).toEqual({
            role: 'user',
            content: [expect.objectContaining({ text: continuePrompt })],
          });
          return { content: [text(' EUR, from all payments.')] };
        },
      ],
      { dataSources, options: { maxTokens: 1024 } },
    );
    const out = agentOutput(run);
    expect(out.success).toBe(true);
    expect(out.result?.response).toBe('The total paid revenue is 143221.4 EUR, from all payments.');
    expect(run.fake.requests.every((request) => request.max_tokens === 1024)).toBe(true);
  });

  it('max_tokens that persists fails with MODEL_OUTPUT_TRUNCATED instead of a cut answer', async () => {
    const cut: Reply = { content: [text('The total paid revenue is')], stopReason: 'max_tokens' };
    const run = await runAgent([plan, cut, cut], { dataSources, options: { maxContinuations: 1 } });
    const out = agentOutput(run);
    expect(out.success).toBe(false);
    expect(out.error?.code).toBe('MODEL_OUTPUT_TRUNCATED');
    expect(out.result?.response).toBe('');
    expect(run.fake.requests).toHaveLength(3);
  });

  it('max_tokens inside a tool call: the turn is asked again with twice the room', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: 'SELECT SUM(amou' })], stopReason: 'max_tokens' },
        (request) => {
          expect(request.max_tokens).toBe(2048);
          return { content: [tool('run_sql', { sql: revenueSql })] };
        },
        (request) => ({ content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] }),
      ],
      { dataSources, options: { maxTokens: 1024 } },
    );
    expect(agentOutput(run).success).toBe(true);
    // The cut call never reached the conversation: the redo went out with the same messages.
    expect(run.fake.requests[2]!.messages).toEqual(run.fake.requests[1]!.messages);
  });

  it('refusal ends the run with MODEL_REFUSED, without a retry', async () => {
    const run = await runAgent([plan, { content: [text('I cannot help with that.')], stopReason: 'refusal' }], {
      dataSources,
    });
    const out = agentOutput(run);
    expect(out.success).toBe(false);
    expect(out.error?.code).toBe('MODEL_REFUSED');
    expect(run.fake.requests).toHaveLength(2);
    expect(run.metadata.at(-1)?.phase).toBe('failed');
  });

  it('pause_turn is resumed from the paused content, which joins the turn', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [text('Checking the payments.')], stopReason: 'pause_turn' },
        (request) => {
          expect(request.messages.at(-1)).toMatchObject({
            role: 'assistant',
            content: [{ type: 'text', text: 'Checking the payments.' }],
          });
          return { content: [tool('run_sql', { sql: revenueSql })] };
        },
        (request) => {
          const assistant = request.messages.at(-2) as { role: string; content: Array<{ type: string }> };
          expect(assistant.content.map((block) => block.type)).toEqual(['text', 'tool_use']);
          return { content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] };
        },
      ],
      { dataSources },
    );
    expect(agentOutput(run).success).toBe(true);
  });

  it('a 529, a connection reset, a 429 and a 503 inside one turn are retried there: same conversation, one introspection', async () => {
    const run = await runAgent(
      [
        plan,
        overloaded,
        { reset: true },
        { status: 429, errorType: 'rate_limit_error', message: 'Slow down', headers: { 'retry-after-ms': '5' } },
        { status: 503, errorType: 'api_error', message: 'Service unavailable' },
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] }),
      ],
      { dataSources },
    );
    const out = agentOutput(run);
    expect(out.success).toBe(true);
    expect(out.result?.usage.modelRetries).toBe(4);
    // The five calls of the turn sent the very same conversation.
    const [first, ...retries] = run.fake.requests.slice(1, 6);
    for (const retry of retries) expect(retry?.messages).toEqual(first?.messages);
    expect(introspections(run)).toBe(1);
    expect(run.logs.some((log) => log.level === 'warn' && /retrying in the same turn/.test(log.message))).toBe(true);
  });

  it('an overload in the middle of a stream (SSE error event) is retried inside the turn', async () => {
    const run = await runAgent(
      [
        plan,
        { streamError: 'overloaded_error' },
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [text(`Revenue: ${firstCell(request)} EUR`)] }),
      ],
      { dataSources, options: { enableStreaming: true } },
    );
    const out = agentOutput(run);
    expect(out.success).toBe(true);
    expect(out.result?.usage.modelRetries).toBe(1);
    expect(run.fake.requests[2]?.messages).toEqual(run.fake.requests[1]?.messages);
  });

  it('when in-turn retries are spent, the task retry reuses the catalog introspected by the first attempt', async () => {
    const run = await runAgent(
      [
        plan,
        overloaded,
        overloaded,
        plan,
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] }),
      ],
      { dataSources, options: { modelRetries: 1 } },
    );
    expect(agentOutput(run).success).toBe(true);
    expect(new Set(run.logs.map((log) => log.attempt))).toContain(2);
    expect(introspections(run)).toBe(1);
  });

  it('a retry-after longer than maxRetryDelayMs fails the attempt at once (the task retry takes over)', async () => {
    const run = await runAgent(
      [plan, { ...overloaded, headers: { 'retry-after': '3600' } }],
      { dataSources },
      { maxAttempts: 1 },
    );
    expect(run.result.ok).toBe(false);
    if (!run.result.ok) {
      expect(run.result.error.code).toBe('MODEL_OVERLOADED');
      expect(run.result.error.message).toMatch(/asks to wait 3600 s/);
    }
    expect(run.fake.requests).toHaveLength(2);
  });

  it('caches the stable prefix (tools, system rules, catalog excerpt) and reports cache reads and writes', async () => {
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] }),
      ],
      { dataSources },
    );
    const out = agentOutput(run);
    const [planRequest, ...rest] = run.fake.requests;
    expect(planRequest?.tool_choice).toEqual({ type: 'none' });
    for (const request of run.fake.requests) {
      expect(request.tools?.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
      const system = request.system as Array<{ text: string; cache_control?: unknown }>;
      expect(system.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
      expect(system.at(-1)?.text).toMatch(/payments/);
      // Field values the child introspection collected are shown for the tables picked.
      expect(system.at(-1)?.text).toMatch(/method [^\n]*values "bank_transfer", "card", "paypal"/);
      const last = request.messages.at(-1)?.content as Array<{ cache_control?: unknown }>;
      expect(last.at(-1)?.cache_control).toEqual({ type: 'ephemeral' });
      // Byte-identical prefix on every turn, so the cache hits.
      expect(JSON.stringify([request.tools, request.system])).toBe(
        JSON.stringify([planRequest?.tools, planRequest?.system]),
      );
    }
    expect(rest).toHaveLength(2);
    const usage = out.result!.usage;
    expect(usage.cacheCreationInputTokens).toBeGreaterThan(0);
    expect(usage.cacheReadInputTokens).toBe(2 * usage.cacheCreationInputTokens);
    // The conversation itself is sent without the breakpoints it got on the wire.
    expect(JSON.stringify(run.fake.requests[2]?.messages.slice(0, -1))).not.toContain('cache_control');
  });

  it('keeps the history within its token budget by trimming old tool results, pairing intact', async () => {
    const wide = 'SELECT * FROM shop.customers ORDER BY id';
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: wide })] },
        { content: [tool('run_sql', { sql: `${wide} DESC` })] },
        { content: [tool('run_sql', { sql: revenueSql })] },
        (request) => ({ content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] }),
      ],
      { dataSources, options: { historyTokens: 4000, catalogTokens: 500 } },
    );
    expect(agentOutput(run).success).toBe(true);
    const last = run.fake.requests.at(-1)!;
    const size = Math.ceil(JSON.stringify([last.system, last.messages]).length / 4);
    expect(size).toBeLessThanOrEqual(4000);
    const results = last.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])) as Array<{
      type: string;
      content?: string;
    }>;
    const trimmed = results.filter(
      (block) => block.type === 'tool_result' && /trimmed to keep the conversation/.test(block.content ?? ''),
    );
    expect(trimmed.length).toBeGreaterThanOrEqual(1);
    expect(trimmed[0]?.content).toMatch(/artifact q1 keeps its rows/);
    // Every tool_result still follows the assistant message holding its tool_use.
    last.messages.forEach((message, i) => {
      if (!Array.isArray(message.content)) return;
      for (const block of message.content as Array<{ type: string; tool_use_id?: string }>) {
        if (block.type !== 'tool_result') continue;
        const previous = last.messages[i - 1]?.content as Array<{ type: string; id?: string }>;
        expect(previous.some((b) => b.type === 'tool_use' && b.id === block.tool_use_id)).toBe(true);
      }
    });
    // Artifacts keep the full rows whatever the conversation dropped.
    const artifact = agentOutput(run).result?.artifacts.find((a) => a.id === 'q1');
    expect((artifact!.content as { rows: unknown[] }).rows).toHaveLength(60);
  });

  it('a full context window trims the history once more and asks again', async () => {
    const wide = 'SELECT * FROM shop.customers ORDER BY id';
    const run = await runAgent(
      [
        plan,
        { content: [tool('run_sql', { sql: wide })] },
        { content: [tool('run_sql', { sql: revenueSql })] },
        { content: [text('')], stopReason: 'model_context_window_exceeded' },
        (request) => {
          expect(JSON.stringify(request.messages)).toMatch(/trimmed to keep the conversation/);
          return { content: [tool('finish', { answer: `Revenue: ${firstCell(request)} EUR` })] };
        },
      ],
      { dataSources, options: { historyTokens: 6000, catalogTokens: 500 } },
    );
    expect(agentOutput(run).success).toBe(true);
  });

  it('bounds describe_table and search_catalog results to toolResultTokens', async () => {
    const run = await runAgent(
      [
        plan,
        {
          content: [
            tool('describe_table', { schema: 'shop', table: 'customers' }),
            tool('search_catalog', { query: 'orders customers payments', limit: 10 }),
          ],
        },
        (request) => {
          for (const result of lastToolResults(request)) {
            expect(result.is_error).toBeUndefined();
            expect(result.content.length).toBeLessThanOrEqual(200 * 4);
            expect(result.content).toMatch(/\[cut: \d+ more characters not shown/);
          }
          return { content: [tool('finish', { answer: 'Described.' })] };
        },
      ],
      { dataSources, query: 'Describe the customers table', options: { toolResultTokens: 200 } },
    );
    expect(agentOutput(run).success).toBe(true);
  });
});
