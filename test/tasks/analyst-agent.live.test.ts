import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { createInProcessRunner } from '../../src/runners/in-process/index.js';
import { analystAgentTask } from '../../src/tasks/analyst-agent/index.js';
import { demoDatabase } from './agent-harness.js';

const live = Boolean(process.env.ANTHROPIC_API_KEY);

// Opt-in: runs only with ANTHROPIC_API_KEY set (optionally ANTHROPIC_BASE_URL and ANALYST_LIVE_MODEL).
describe.skipIf(!live)('analyst agent against the real Anthropic API (needs ANTHROPIC_API_KEY)', () => {
  let demo: Awaited<ReturnType<typeof demoDatabase>>;
  let credentials: CredentialsInput;
  beforeAll(async () => {
    demo = await demoDatabase();
    credentials = demo.credentials;
  });
  afterAll(() => demo?.dispose());

  it.each([
    ['How many orders were cancelled?', /41/],
    ['What is the total amount of all payments?', /143[,.]?221/],
    ['Which payment method has the most payments?', /card|paypal|bank/i],
  ])(
    'answers "%s" with numbers from its queries',
    async (question, expected) => {
      const runner = createInProcessRunner({ tasks: [analystAgentTask] });
      try {
        const result = await runner.triggerAndWait(analystAgentTask, {
          sessionId: randomUUID(),
          query: question,
          dataSources: [{ name: 'demo', credentials }],
          options: process.env.ANALYST_LIVE_MODEL ? { model: process.env.ANALYST_LIVE_MODEL } : {},
        });
        const output = result.unwrap();
        expect(output.success, JSON.stringify(output.error)).toBe(true);
        expect(output.result?.response).toMatch(expected);
        expect(output.result?.usage.queries).toBeGreaterThan(0);
      } finally {
        await runner.close();
      }
    },
    300_000,
  );
});
