import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoDatabase } from '../../src/demo/demo-database.js';
import { lastToolResults, type MessagesRequest, startFakeAnthropic, text, tool } from '../fakes/anthropic/server.js';
import { createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { leakedForms } from '../helpers/secret-search.js';
import { triggerCli } from './trigger-cli.js';
import { type BuiltImage, buildImage, packDatatasks, prepareProject, removeAll, repoRoot } from './trigger-project.js';
import { type AttemptResult, runAttempt, type StandInApi, startStandInApi } from './trigger-worker.js';

const secret = `E2e-pw-${randomUUID().slice(0, 8)}+/=`;
const inlineSecret = `E2e-inline-${randomUUID().slice(0, 8)}`;
const apiKey = `sk-ant-e2e-${randomUUID()}`;

/** What an attempt's output decodes to (the worker returns superjson text: the value under `json`). */
function outputOf(result: AttemptResult): Record<string, unknown> {
  const parsed = JSON.parse(result.output ?? 'null') as { json?: Record<string, unknown> } | null;
  return (result.outputType === 'application/super+json' ? parsed?.json : parsed) as Record<string, unknown>;
}

describe('examples/trigger on Trigger.dev 4.8.3: deploy build, image install, index, TaskRunProcess', () => {
  let work: string;
  let tarball: string;
  let image: BuiltImage;
  let api: StandInApi;
  let database: TestDatabase;
  let demoPath: string;
  let journal: string;
  let env: Record<string, string>;
  const printed: string[] = [];
  const report: Record<string, unknown> = {};

  const attempt = async (taskId: string, payload: unknown, options: { attempt?: number; runId?: string } = {}) => {
    const run = await runAttempt({
      imageDir: image.imageDir,
      workerManifest: image.workerManifest,
      contentHash: image.buildManifest.contentHash,
      api,
      taskId,
      payload,
      env,
      ...options,
    });
    printed.push(run.output);
    return run;
  };

  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, 'dist/runners/trigger-dev.js'))) {
      throw new Error('Build datatasks first (npm run build): the test installs the packed package');
    }
    await triggerCli.quiet();
    work = await mkdtemp(path.join(os.tmpdir(), 'datatasks-trigger-e2e-'));
    journal = path.join(work, 'journal.log');
    tarball = await packDatatasks(work);
    database = await createFixtureDatabase(sharedServer, 'trig');
    demoPath = (await ensureDemoDatabase({ file: path.join(work, 'demo.duckdb') })).path;
    api = await startStandInApi();
    env = {
      WAREHOUSE_URL: `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:5432/${database.name}`,
      // Nothing listens on port 1: connection refused, a retriable failure.
      DOWN_URL: `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:1/${database.name}`,
      MISSING_DB_URL: `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:5432/${database.name}_missing`,
      ANTHROPIC_API_KEY: apiKey,
      E2E_JOURNAL: journal,
    };
    const projectDir = await prepareProject(tarball, { withExtension: true });
    image = await buildImage(projectDir, { TRIGGER_API_URL: api.url, TRIGGER_SECRET_KEY: 'tr_prod_e2e' });
    report.buildMs = image.buildMs;
    report.imageInstallMs = image.installMs;
    report.imagePackages = image.imagePackages;
    report.imageDependencies = image.imageDependencies;
  }, 600_000);

  afterAll(async () => {
    // The figures for the closing note of the issue.
    console.log('[trigger-e2e]', JSON.stringify(report));
    await api?.close();
    await database?.drop();
    await removeAll(image?.projectDir, image?.imageDir, work);
  });

  it('the CLI under test is the SDK version, and the image lists the drivers, parser and model SDK', async () => {
    const sdk = JSON.parse(await readFile(path.join(repoRoot, 'node_modules/@trigger.dev/sdk/package.json'), 'utf8'));
    expect(await triggerCli.version()).toBe(sdk.version);
    expect(Object.keys(image.imageDependencies)).toEqual(
      expect.arrayContaining([
        'pg',
        'pg-cursor',
        '@duckdb/node-api',
        '@anthropic-ai/sdk',
        '@guanmingchiu/sqlparser-ts',
      ]),
    );
    // The project's own package.json is the image's, not the library's.
    const imageManifest = JSON.parse(await readFile(path.join(image.imageDir, 'package.json'), 'utf8'));
    expect(imageManifest.name).toBe('datatasks-trigger-example');
    expect(imageManifest.bin).toBeUndefined();
    const tasks = Object.fromEntries(image.workerManifest.tasks.map((task) => [task.id, task]));
    expect(tasks['introspect-data']).toMatchObject({
      filePath: 'src/trigger/introspect-data.ts',
      maxDuration: 300,
      retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1000, maxTimeoutInMs: 10_000, randomize: true },
    });
    expect(tasks['analyst-agent']).toMatchObject({
      filePath: 'src/trigger/analyst-agent.ts',
      machine: { preset: 'medium-1x' },
    });
    expect(tasks['ask-warehouse']?.filePath).toBe('src/trigger/ask-warehouse.ts');
  });

  it('introspects the local PostgreSQL with credentials by reference; the secret is nowhere', async () => {
    const apiBefore = api.requests.length;
    const run = await attempt('introspect-data', {
      dataSource: { name: 'warehouse', credentials: { ref: 'env:WAREHOUSE_URL' } },
    });
    expect(run.result.ok, JSON.stringify(run.result.error)).toBe(true);
    const output = outputOf(run.result);
    expect(output).toMatchObject({ success: true, dataSource: { name: 'warehouse', type: 'postgres' } });
    expect((output.stats as { tables: number }).tables).toBeGreaterThan(0);
    report.postgres = { ok: true, ms: run.durationMs, stats: output.stats };
    // The run's metadata comes back with the result (the worker's last flush): searched below with the rest.
    expect(JSON.stringify(run.result.flushedMetadata)).toContain('completed');
    const bodies = api.requests
      .slice(apiBefore)
      .map((request) => `${request.path} ${request.body}`)
      .join('\n');
    // The worker prints the payload it receives: here only the reference.
    expect(run.output).toContain('env:WAREHOUSE_URL');
    expect(bodies.length).toBeGreaterThan(0);
    expect(leakedForms(run.output + bodies + JSON.stringify(run.result), secret)).toEqual([]);
  });

  it('introspects the DuckDB demo (native bindings from the image)', async () => {
    const run = await attempt('introspect-data', {
      dataSource: { name: 'demo', credentials: { type: 'duckdb', path: demoPath, readOnly: true } },
    });
    expect(run.result.ok, JSON.stringify(run.result.error)).toBe(true);
    const output = outputOf(run.result);
    expect(output).toMatchObject({ success: true, dataSource: { type: 'duckdb' } });
    expect(JSON.stringify(output.catalog)).toContain('payments');
    report.duckdb = { ok: true, ms: run.durationMs, stats: output.stats };
    demoCatalog = output.catalog;
  });
  let demoCatalog: unknown;

  it("retries a retriable failure with the policy's delays, then stops at maxAttempts", async () => {
    const runId = `run_retry_${randomUUID().slice(0, 8)}`;
    const payload = { dataSource: { name: 'down', credentials: { ref: 'env:DOWN_URL' } } };
    const delays: number[] = [];
    const codes: string[] = [];
    for (let number = 1; number <= 3; number++) {
      const { result, output } = await attempt('introspect-data', payload, { attempt: number, runId });
      expect(result.ok).toBe(false);
      codes.push(/\[([A-Z_]+)\]/.exec(result.error?.message ?? '')?.[1] ?? '?');
      expect(leakedForms(output + JSON.stringify(result), secret)).toEqual([]);
      if (number < 3) {
        expect(result.retry).toBeDefined();
        delays.push(result.retry!.delay);
        // The platform waits out the delay before the next attempt.
        await new Promise((resolve) => setTimeout(resolve, result.retry!.delay));
      } else {
        expect(result.retry).toBeUndefined();
      }
    }
    // introspect-data's policy: minTimeoutInMs 1000, factor 2, randomize (x1 to x2), maxTimeoutInMs 10000.
    expect(delays[0]).toBeGreaterThanOrEqual(1000);
    expect(delays[0]).toBeLessThan(2000);
    expect(delays[1]).toBeGreaterThanOrEqual(2000);
    expect(delays[1]).toBeLessThan(4000);
    expect(new Set(codes).size).toBe(1);
    expect(['CONNECTION_FAILED', 'HOST_UNREACHABLE']).toContain(codes[0]);
    report.retriable = { attempts: 3, code: codes[0], delaysMs: delays };
  });

  it('stops a non-retriable failure after one attempt', async () => {
    const { result } = await attempt('introspect-data', {
      dataSource: { name: 'missing', credentials: { ref: 'env:MISSING_DB_URL' } },
    });
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/^\[DATABASE_NOT_FOUND\]/);
    expect(result.retry).toBeUndefined();
    expect(result.skippedRetrying).toBe(true);
    const unresolved = await attempt('introspect-data', {
      dataSource: { name: 'unset', credentials: { ref: 'env:NOT_SET_ANYWHERE' } },
    });
    expect(unresolved.result.error?.message).toBe(
      '[CREDENTIALS_UNRESOLVED] Credentials reference "env:NOT_SET_ANYWHERE" was not found: environment variable NOT_SET_ANYWHERE is not set',
    );
    expect(unresolved.result.skippedRetrying).toBe(true);
    report.nonRetriable = { attempts: 1, code: 'DATABASE_NOT_FOUND' };
  });

  it("calls the hooks in the executor's order, as the in-process runner does", async () => {
    const runId = `run_hooks_${randomUUID().slice(0, 8)}`;
    await rm(journal, { force: true });
    const first = await attempt('e2e-hooks', { succeedOn: 2 }, { attempt: 1, runId });
    expect(first.result.retry?.delay).toBe(100);
    const second = await attempt('e2e-hooks', { succeedOn: 2 }, { attempt: 2, runId });
    expect(second.result.ok).toBe(true);
    const last = await attempt('e2e-hooks', { succeedOn: 99 }, { attempt: 3, runId: `${runId}_b` });
    expect(last.result.ok).toBe(false);
    const lines = (await readFile(journal, 'utf8')).trim().split('\n');
    expect(lines).toEqual([
      'onStart:1',
      'run:1',
      'catchError:1',
      'cleanup:1',
      'onStart:2',
      'run:2',
      'onSuccess:2',
      'onComplete:ok',
      'cleanup:2',
      'onStart:3',
      'run:3',
      'catchError:3',
      'onFailure:3:INTERNAL',
      'onComplete:INTERNAL',
      'cleanup:3',
    ]);
  });

  it('ends a run over maxDuration itself, before the platform kills it, running onFailure, onComplete and cleanup', async () => {
    await rm(journal, { force: true });
    const { result, durationMs } = await attempt('e2e-slow', {});
    expect(result.ok).toBe(false);
    // Our TIMEOUT, not the platform's MAX_DURATION_EXCEEDED kill.
    expect(result.error?.message).toMatch(/^\[TIMEOUT\] Run .* exceeded its maxDuration of 5s/);
    expect(JSON.stringify(result.error)).not.toContain('MAX_DURATION_EXCEEDED');
    expect(result.skippedRetrying).toBe(true);
    const lines = (await readFile(journal, 'utf8')).trim().split('\n');
    expect(lines).toEqual(['run:1', 'aborted:TIMEOUT', 'onFailure:1:TIMEOUT', 'onComplete:TIMEOUT', 'cleanup:1']);
    report.maxDuration = { error: result.error?.message, attemptMs: durationMs, journal: lines };
  });

  it("loads the agent's SQL guard in the image and refuses a write", async () => {
    const fake = await startFakeAnthropic([
      { content: [text('1. Try the write. 2. Sum payments.')] },
      { content: [tool('run_sql', { sql: 'DELETE FROM billing.payments' })] },
      { content: [tool('run_sql', { sql: 'SELECT SUM(amount) AS revenue FROM billing.payments' })] },
      (request: MessagesRequest) => {
        const rows = (JSON.parse(lastToolResults(request)[0]!.content) as { rows: Array<Record<string, unknown>> })
          .rows;
        return { content: [tool('finish', { answer: `Revenue is ${String(Object.values(rows[0]!)[0])}.` })] };
      },
    ]);
    try {
      const run = await runAttempt({
        imageDir: image.imageDir,
        workerManifest: image.workerManifest,
        contentHash: image.buildManifest.contentHash,
        api,
        taskId: 'analyst-agent',
        payload: {
          sessionId: randomUUID(),
          query: 'What is the total revenue?',
          dataSources: [{ name: 'demo', credentials: { type: 'duckdb', path: demoPath, readOnly: true } }],
          catalog: demoCatalog,
        },
        env: { ...env, ANTHROPIC_BASE_URL: fake.url },
      });
      printed.push(run.output);
      expect(run.result.ok, JSON.stringify(run.result.error)).toBe(true);
      const refusal = lastToolResults(fake.requests[2]!)[0]!;
      expect(refusal.content).toMatch(/READ_ONLY_VIOLATION|read-only|refused/i);
      expect(refusal.content).toMatch(/DELETE/i);
      const output = outputOf(run.result) as { success: boolean; result: { response: string } };
      expect(output.success).toBe(true);
      expect(output.result.response).toMatch(/Revenue is 143221\.4/);
      expect(leakedForms(run.output + JSON.stringify(run.result), apiKey)).toEqual([]);
      report.agent = { ok: true, ms: run.durationMs, refusal: refusal.content.slice(0, 160) };
    } finally {
      await fake.close();
    }
  });

  it('warns about inline secrets in a payload (the worker prints them, which is why)', async () => {
    const apiBefore = api.requests.length;
    const { result, output } = await attempt('introspect-data', {
      dataSource: {
        name: 'inline',
        credentials: {
          type: 'postgres',
          host: '127.0.0.1',
          database: database.name,
          user: 'postgres',
          password: inlineSecret,
        },
      },
    });
    expect(result.ok).toBe(true);
    const bodies = api.requests
      .slice(apiBefore)
      .map((request) => request.body)
      .join('\n');
    expect(bodies).toContain('carries inline secrets at dataSource.credentials.password');
    // Trigger.dev's worker prints the received payload: the reason to pass references.
    expect(leakedForms(output, inlineSecret).length).toBeGreaterThan(0);
    // Our own output, logs and metadata still mask it.
    expect(leakedForms(JSON.stringify(result), inlineSecret)).toEqual([]);
  });

  it('with references, the secret appeared in nothing the worker printed or sent, across every run', () => {
    const everything =
      printed.join('\n') + api.requests.map((request) => `${request.path}\n${request.body}`).join('\n');
    expect(leakedForms(everything, secret)).toEqual([]);
    expect(leakedForms(everything, apiKey)).toEqual([]);
    report.apiRequests = api.requests.length;
  });

  it('fails without the extension: the same image lacks the drivers', async () => {
    const projectDir = await prepareProject(tarball, { withExtension: false });
    const bare = await buildImage(projectDir, { TRIGGER_API_URL: api.url, TRIGGER_SECRET_KEY: 'tr_prod_e2e' });
    try {
      expect(Object.keys(bare.imageDependencies)).not.toContain('pg');
      const run = await runAttempt({
        imageDir: bare.imageDir,
        workerManifest: bare.workerManifest,
        contentHash: bare.buildManifest.contentHash,
        api,
        taskId: 'introspect-data',
        payload: { dataSource: { name: 'warehouse', credentials: { ref: 'env:WAREHOUSE_URL' } } },
        env,
      });
      expect(run.result.ok).toBe(false);
      expect(run.result.error?.message).toMatch(/^\[DRIVER_NOT_INSTALLED\].*"pg"/);
      report.withoutExtension = { imagePackages: bare.imagePackages, error: run.result.error?.message };
    } finally {
      await removeAll(bare.projectDir, bare.imageDir);
    }
  });
});
