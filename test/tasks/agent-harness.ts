import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import type { LogRecord, MetadataValue } from '../../src/core/context.js';
import { ensureDemoDatabase } from '../../src/demo/demo-database.js';
import { createInProcessRunner } from '../../src/runners/in-process/index.js';
import {
  AnalystAgentOutput,
  type AnalystAgentPayload,
  createAnalystAgentTask,
} from '../../src/tasks/analyst-agent/index.js';
import {
  type FakeAnthropic,
  lastToolResults,
  type MessagesRequest,
  startFakeAnthropic,
  type Turn,
} from '../fakes/anthropic/server.js';

export const fakeApiKey = 'sk-ant-test-SECRETKEY-0123456789';

/** A built demo DuckDB file shared by the agent tests of one file. */
export async function demoDatabase(): Promise<{ credentials: CredentialsInput; dispose(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-agent-'));
  const credentials = await ensureDemoDatabase({ file: path.join(dir, 'demo.duckdb') });
  return { credentials, dispose: () => rm(dir, { recursive: true, force: true }) };
}

export interface AgentRun {
  fake: FakeAnthropic;
  result: Awaited<ReturnType<ReturnType<typeof createInProcessRunner>['triggerAndWait']>>;
  logs: LogRecord[];
  metadata: Array<Record<string, MetadataValue>>;
}

/** Runs the analyst agent on an in-process runner against a scripted fake Anthropic API. */
export async function runAgent(
  script: Turn[],
  payload: Partial<AnalystAgentPayload> & Pick<AnalystAgentPayload, 'dataSources'>,
  options: {
    signal?: AbortSignal;
    maxAttempts?: number;
    apiKey?: string | null;
    onFake?: (fake: FakeAnthropic) => void;
  } = {},
): Promise<AgentRun> {
  const fake = await startFakeAnthropic(script);
  options.onFake?.(fake);
  const base = createAnalystAgentTask({
    model:
      options.apiKey === null ? { baseURL: fake.url } : { apiKey: options.apiKey ?? fakeApiKey, baseURL: fake.url },
  });
  // Fast retries in tests; the policy's shape is the task's own.
  const task = {
    ...base,
    retry: { ...base.retry, minTimeoutInMs: 5, maxTimeoutInMs: 20, maxAttempts: options.maxAttempts ?? 3 },
  };
  const runner = createInProcessRunner({ tasks: [task] });
  const logs: LogRecord[] = [];
  const metadata: Array<Record<string, MetadataValue>> = [];
  runner.on('log', (record) => logs.push(record));
  const runMetadata: Array<{ runId: string; metadata: Record<string, MetadataValue> }> = [];
  runner.on('metadata', (event) => runMetadata.push(event));
  try {
    const result = await runner.triggerAndWait(
      task,
      {
        sessionId: randomUUID(),
        query: 'What is the total paid revenue?',
        ...payload,
        // In-turn model retries wait at most 20 ms here (the policy's shape is the task's own).
        options: { maxRetryDelayMs: 20, ...payload.options },
      },
      options.signal ? { signal: options.signal } : {},
    );
    // Only the agent's own run: child introspect-data runs report their metadata too.
    metadata.push(...runMetadata.filter((event) => event.runId === result.id).map((event) => event.metadata));
    return { fake, result, logs, metadata };
  } finally {
    await runner.close();
    await fake.close();
  }
}

/** The rows of the first tool result of the last request, as the model was shown them. */
export function shownRows(request: MessagesRequest): Array<Record<string, unknown>> {
  return (JSON.parse(lastToolResults(request)[0]!.content) as { rows: Array<Record<string, unknown>> }).rows;
}

/** The value of the first cell of the last tool result, as the model would read it. */
export const firstCell = (request: MessagesRequest): string => String(Object.values(shownRows(request)[0]!)[0]);

/** The run's output, parsed; a failed run throws its error. */
export function agentOutput(run: AgentRun): AnalystAgentOutput {
  if (!run.result.ok) throw run.result.error;
  return AnalystAgentOutput.parse(run.result.output);
}
