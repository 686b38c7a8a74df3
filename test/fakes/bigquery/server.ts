/**
 * A fake BigQuery REST server (jobs.query, getQueryResults, jobs.insert incl. dry runs, jobs.get, jobs.cancel,
 * datasets.list) that the real `@google-cloud/bigquery` client talks to through `apiEndpoint`. It checks the bearer
 * token, answers INFORMATION_SCHEMA from a world built from the shop fixture, and records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { shopFixture } from '../../fixtures/shop-fixture.js';
import { loadFakeParser } from '../sql/parse.js';
import { type FakeJob, JobStore } from './jobs.js';
import { type Caller, evaluate } from './statements.js';
import { type FakeWorld, shopWorld } from './world.js';

export interface FakeBigQueryOptions {
  world?: FakeWorld;
  /** Bearer token of a user with project-level rights. */
  token?: string;
  /** Bearer token of a user with dataset-level rights only, who cannot read the restricted dataset. */
  restrictedToken?: string;
  /** Rows per page at most, whatever maxResults asks (to exercise paging). */
  maxPageRows?: number;
  /** Views that fail with 403 for everyone. */
  deniedViews?: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: RequestBody | undefined;
}

export interface FakeBigQuery {
  url: string;
  world: FakeWorld;
  token: string;
  restrictedToken: string;
  requests: RecordedRequest[];
  jobs: JobStore;
  /** Requests received and not yet answered (REST has no sessions: these are the adapter's open exchanges). */
  openRequests(): number;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown };
type QueryParameterList = QueryParameterItem[];
type QueryParameterItem = { name?: string; parameterType: { type: string }; parameterValue: { value?: string | null } };
/** The request fields the fake reads (jobs.query body, or jobs.insert `configuration`). */
interface RequestBody {
  query?: string;
  parameterMode?: string;
  queryParameters?: QueryParameterList;
  maxResults?: number;
  jobTimeoutMs?: string;
  configuration?: {
    dryRun?: boolean;
    jobTimeoutMs?: string;
    query?: { query?: string; queryParameters?: QueryParameterList };
  };
}
const error = (status: number, reason: string, message: string): Reply => ({
  status,
  body: { error: { code: status, message, errors: [{ reason, message, domain: 'global' }], status: reason } },
});

export async function startFakeBigQuery(options: FakeBigQueryOptions = {}): Promise<FakeBigQuery> {
  await loadFakeParser();
  const world = options.world ?? shopWorld();
  const token = options.token ?? 'fake-token-good-0123456789';
  const restrictedToken = options.restrictedToken ?? 'fake-token-restricted-0123456789';
  const rules = { restrictedDataset: shopFixture.restrictedSchema, deniedViews: new Set(options.deniedViews ?? []) };
  const jobs = new JobStore();
  const requests: RecordedRequest[] = [];
  let inFlight = 0;

  const page = (job: FakeJob, pageToken: string | undefined, maxResults: number | undefined) => {
    if (job.outcome.kind !== 'rows') return {};
    const start = Number(pageToken ?? 0);
    const size = Math.min(maxResults ?? Number.POSITIVE_INFINITY, options.maxPageRows ?? Number.POSITIVE_INFINITY);
    const rows = job.outcome.rows.slice(start, start + size);
    const end = start + rows.length;
    return {
      schema: { fields: job.outcome.fields },
      rows: rows.map((values) => ({ f: values.map((v) => ({ v })) })),
      totalRows: String(job.outcome.rows.length),
      totalBytesProcessed: String(job.outcome.bytes),
      ...(end < job.outcome.rows.length ? { pageToken: String(end) } : {}),
    };
  };
  const reference = (job: FakeJob) => ({ projectId: world.projectId, jobId: job.id, location: world.location });
  const results = (job: FakeJob, pageToken?: string, maxResults?: number): Reply => {
    if (job.cancelled) return error(400, 'stopped', 'Job execution was cancelled: User requested cancellation');
    if (job.outcome.kind === 'error') return error(job.outcome.status, job.outcome.reason, job.outcome.message);
    const complete = job.state === 'DONE';
    return {
      status: 200,
      body: {
        kind: 'bigquery#getQueryResultsResponse',
        jobReference: reference(job),
        jobComplete: complete,
        ...(complete ? page(job, pageToken, maxResults) : {}),
      },
    };
  };
  const jobResource = (job: FakeJob, dryRun = false) => ({
    kind: 'bigquery#job',
    id: `${world.projectId}:${world.location}.${job.id}`,
    jobReference: reference(job),
    configuration: { dryRun, query: { query: job.sql } },
    status: {
      state: job.state,
      ...(job.cancelled ? { errorResult: { reason: 'stopped', message: 'Job cancelled' } } : {}),
    },
    statistics: {
      totalBytesProcessed: String(job.outcome.kind === 'rows' ? job.outcome.bytes : 0),
      query: { schema: { fields: job.outcome.kind === 'rows' ? job.outcome.fields : [] } },
    },
  });

  async function route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: RequestBody | undefined,
    caller: Caller,
  ) {
    const [, project, collection, id, action] =
      /^\/projects\/([^/]+)\/(\w+)(?:\/([^/]+))?(?:\/(\w+))?$/.exec(path) ?? [];
    if (!project) return error(404, 'notFound', `Not found: URL ${path}`);
    if (decodeURIComponent(project) !== world.projectId) return error(404, 'notFound', `Not found: Project ${project}`);
    if (collection === 'queries' && method === 'POST' && !id) {
      const outcome = evaluate(world, String(body?.query ?? ''), body?.queryParameters ?? [], caller, rules);
      if (outcome.kind === 'error') return error(outcome.status, outcome.reason, outcome.message);
      const job = jobs.create(String(body?.query), outcome, body?.jobTimeoutMs);
      return results(job, undefined, body?.maxResults);
    }
    if (collection === 'queries' && method === 'GET' && id) {
      const job = jobs.jobs.get(id);
      if (!job) return error(404, 'notFound', `Not found: Job ${world.projectId}:${id}`);
      await jobs.waitFor(job, Math.min(Number(query.timeoutMs ?? 10_000), 2_000));
      return results(job, query.pageToken, query.maxResults ? Number(query.maxResults) : undefined);
    }
    if (collection === 'jobs' && method === 'POST' && !id) {
      const sql = String(body?.configuration?.query?.query ?? '');
      const outcome = evaluate(world, sql, body?.configuration?.query?.queryParameters ?? [], caller, rules);
      if (outcome.kind === 'error') return error(outcome.status, outcome.reason, outcome.message);
      const dryRun = Boolean(body?.configuration?.dryRun);
      // A dry run only plans: the slow statement too is DONE at once, with its estimate.
      const planned =
        outcome.kind === 'rows' ? outcome : { kind: 'rows' as const, fields: [], rows: [], bytes: 1 << 40 };
      const job = jobs.create(sql, dryRun ? planned : outcome, body?.configuration?.jobTimeoutMs);
      return { status: 200, body: jobResource(job, dryRun) };
    }
    if (collection === 'jobs' && id) {
      const job = action === 'cancel' && method === 'POST' ? jobs.cancel(id) : jobs.jobs.get(id);
      if (!job) return error(404, 'notFound', `Not found: Job ${world.projectId}:${id}`);
      return {
        status: 200,
        body: action === 'cancel' ? { kind: 'bigquery#jobCancelResponse', job: jobResource(job) } : jobResource(job),
      };
    }
    if (collection === 'datasets' && method === 'GET' && !id) {
      const datasets = world.datasets.map((d) => ({
        kind: 'bigquery#dataset',
        id: `${world.projectId}:${d}`,
        datasetReference: { projectId: world.projectId, datasetId: d },
        location: world.location,
      }));
      return { status: 200, body: { kind: 'bigquery#datasetList', datasets } };
    }
    return error(404, 'notFound', `Not found: ${method} ${path}`);
  }

  const server = http.createServer((req, res) => {
    inFlight++;
    // 'close' fires once the reply is sent or the client went away mid-wait.
    res.once('close', () => {
      inFlight--;
    });
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const path = url.pathname.replace(/^\/bigquery\/v2/, '');
      const query = Object.fromEntries(url.searchParams);
      let body: RequestBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as RequestBody) : undefined;
      } catch {
        body = undefined;
      }
      requests.push({ method: req.method ?? 'GET', path, query, body });
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      let reply: Reply;
      if (bearer !== token && bearer !== restrictedToken) {
        reply = error(
          401,
          'authError',
          'Request had invalid authentication credentials. Expected OAuth 2 access token.',
        );
      } else {
        reply = await route(req.method ?? 'GET', path, query, body, { restricted: bearer === restrictedToken });
      }
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    world,
    token,
    restrictedToken,
    requests,
    jobs,
    openRequests: () => inFlight,
    close: async () => {
      jobs.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
