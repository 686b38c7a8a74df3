/** BigQuery adapter queries against the fake REST server: parameters, paging, row cap, cancel, dry run, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createBigQueryAdapter } from '../../src/adapters/bigquery/index.js';
import { DatataskError, ErrorCode } from '../../src/core/errors.js';
import { bigQuerySql } from '../fakes/bigquery/harness.js';
import { type FakeBigQuery, startFakeBigQuery } from '../fakes/bigquery/server.js';

process.env.METADATA_SERVER_DETECTION = 'none';

let fake: FakeBigQuery;
const open = (overrides: Record<string, unknown> = {}): Adapter =>
  createBigQueryAdapter({
    type: 'bigquery',
    projectId: fake.world.projectId,
    apiEndpoint: fake.url,
    accessToken: fake.token,
    ...overrides,
  });
async function failure(promise: Promise<unknown>): Promise<DatataskError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatataskError);
  return error as DatataskError;
}
const since = (start: number) => fake.requests.slice(start);

beforeAll(async () => {
  fake = await startFakeBigQuery({ maxPageRows: 100 });
});
afterAll(async () => {
  await fake.close();
});

describe('BigQuery query', () => {
  it('binds named parameters as typed @name query parameters', async () => {
    await using adapter = open();
    const start = fake.requests.length;
    const result = await adapter.query('SELECT @id AS id, @name AS name, @ratio AS ratio, @none AS none', {
      id: 42,
      name: 'Ada',
      ratio: 0.5,
      none: null,
    });
    expect(result.rows).toEqual([{ id: 42, name: 'Ada', ratio: 0.5, none: null }]);
    expect(result.columns.map((c) => c.type)).toEqual(['INT64', 'STRING', 'FLOAT64', 'STRING']);
    const body = since(start)[0]?.body;
    expect(body?.parameterMode).toBe('NAMED');
    expect(body?.queryParameters?.map((p) => [p.name, p.parameterType.type])).toEqual([
      ['id', 'INT64'],
      ['name', 'STRING'],
      ['ratio', 'FLOAT64'],
      ['none', 'STRING'],
    ]);
  });

  it('binds positional parameters as ?', async () => {
    await using adapter = open();
    const result = await adapter.query('SELECT ? AS a, ? AS b', [true, 'x']);
    expect(result.rows).toEqual([{ a: true, b: 'x' }]);
  });

  it('pages with pageToken and stops at maxRows, saying the result was truncated', async () => {
    await using adapter = open();
    const start = fake.requests.length;
    const result = await adapter.query(bigQuerySql.manyRows, undefined, { maxRows: 250 });
    expect(result.rows).toHaveLength(250);
    expect(result.rows[249]).toEqual({ x: 250 });
    expect(result.truncated).toBe(true);
    const sent = since(start);
    // One jobs.query (100 rows) and two getQueryResults pages (100, then the 50 still wanted): no page read past the cap.
    expect(sent.map((r) => `${r.method} ${r.path.replace(/job_fake_\d+/, 'JOB')}`)).toEqual([
      `POST /projects/${fake.world.projectId}/queries`,
      `GET /projects/${fake.world.projectId}/queries/JOB`,
      `GET /projects/${fake.world.projectId}/queries/JOB`,
    ]);
    expect(sent.slice(1).map((r) => [r.query.pageToken, r.query.maxResults])).toEqual([
      ['100', '150'],
      ['200', '50'],
    ]);
    expect(adapter.queryCount).toBe(1);
  });

  it('reads every page when the result fits in maxRows', async () => {
    await using adapter = open();
    const result = await adapter.query('SELECT x FROM UNNEST(GENERATE_ARRAY(1, 300)) AS x', undefined, {
      maxRows: 1000,
    });
    expect(result.rows).toHaveLength(300);
    expect(result.truncated).toBe(false);
  });

  it('times out a running job: TIMEOUT, jobTimeoutMs sent, jobs.cancel sent before the error', async () => {
    await using adapter = open();
    const start = fake.requests.length;
    const error = await failure(adapter.query(bigQuerySql.slow, undefined, { timeoutMs: 300 }));
    expect(error.code).toBe(ErrorCode.TIMEOUT);
    const sent = since(start);
    expect(sent[0]?.body?.jobTimeoutMs).toBe('300');
    const jobId = sent.find((r) => r.path.endsWith('/cancel'))?.path.split('/')[4];
    expect(jobId).toBeDefined();
    expect(fake.jobs.cancels).toContain(jobId);
    expect(fake.jobs.running()).toBe(0);
  });

  it('cancels the job when the signal aborts', async () => {
    await using adapter = open();
    const controller = new AbortController();
    const cancelsBefore = fake.jobs.cancels.length;
    const running = adapter.query(bigQuerySql.slow, undefined, { signal: controller.signal });
    // Abort once the job exists on the server (no timing: wait for the fake to hold it).
    await expect.poll(() => fake.jobs.running()).toBe(1);
    controller.abort();
    const error = await failure(running);
    expect(error.code).toBe(ErrorCode.ABORTED);
    expect(fake.jobs.cancels.length).toBe(cancelsBefore + 1);
    expect(fake.jobs.running()).toBe(0);
  });

  it('estimates bytes with a dry run (jobs.insert with dryRun), returning no rows', async () => {
    await using adapter = open();
    const start = fake.requests.length;
    const result = await adapter.query('SELECT * FROM shop.customers', undefined, { dryRun: true });
    expect(result.rows).toEqual([]);
    expect(result.bytesProcessed).toBe(5 * 64);
    expect(result.columns.map((c) => c.name)).toEqual(['id', 'email', 'full_name', 'country_code', 'created_at']);
    const [insert] = since(start);
    expect(insert?.path).toBe(`/projects/${fake.world.projectId}/jobs`);
    expect(insert?.body?.configuration?.dryRun).toBe(true);
  });

  it('maps errors: syntax and missing table to QUERY_FAILED, missing project to DATABASE_NOT_FOUND', async () => {
    await using adapter = open();
    const syntax = await failure(adapter.query('SELEC 1'));
    expect(syntax.code).toBe(ErrorCode.QUERY_FAILED);
    expect(syntax.message).toContain('Syntax error');
    expect(syntax.details).toMatchObject({ status: 400 });
    expect((await failure(adapter.query('SELECT * FROM shop.nope'))).code).toBe(ErrorCode.QUERY_FAILED);
    await using elsewhere = open({ projectId: 'datatasks-missing-project' });
    expect((await failure(elsewhere.testConnection())).code).toBe(ErrorCode.DATABASE_NOT_FOUND);
  });

  it('fails a bad token with AUTH_FAILED, with neither token in the error nor its cause', async () => {
    const wrong = 'fake-token-wrong-9876543210';
    await using adapter = open({ accessToken: wrong });
    const error = await failure(adapter.testConnection());
    expect(error.code).toBe(ErrorCode.AUTH_FAILED);
    const cause = error.cause as Error & Record<string, unknown>;
    expect(cause.name).toBe('BigQueryDriverError');
    // The driver's ApiError keeps the HTTP response, whose request headers hold the bearer token: not kept.
    expect(cause.response).toBeUndefined();
    const text = JSON.stringify({ error: error.toJSON(), cause: { ...cause, message: cause.message } });
    expect(text).not.toContain(wrong);
    expect(`${error.message} ${cause.message} ${error.stack}`).not.toContain(wrong);
  });

  it('rejects an aborted signal before sending anything', async () => {
    await using adapter = open();
    const start = fake.requests.length;
    expect((await failure(adapter.query('SELECT 1', undefined, { signal: AbortSignal.abort() }))).code).toBe(
      ErrorCode.ABORTED,
    );
    expect(fake.requests.length).toBe(start);
    expect(adapter.queryCount).toBe(0);
  });
});
