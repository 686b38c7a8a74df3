import { randomUUID } from 'node:crypto';
import { AbortError, DatataskError, TimeoutError, throwIfAborted } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { AdapterFactoryOptions, QueryParams, QueryResult } from '../adapter.js';
import {
  type BigQueryClientLike,
  columnsOf,
  decodeRows,
  encodeParams,
  type RestRow,
  type SchemaField,
  sendRequest,
} from './connection.js';
import { type ErrorContext, toBigQueryError } from './errors.js';

/** A signal that fires when the caller aborts or the timer runs out, with a typed reason; `dispose` in `finally`. */
interface Deadline {
  signal: AbortSignal;
  /** Milliseconds left before the timer fires (never below 1). */
  remainingMs(): number;
  dispose(): void;
}

function createDeadline(outer: AbortSignal | undefined, timeoutMs: number, what: string): Deadline {
  const controller = new AbortController();
  const endsAt = Date.now() + timeoutMs;
  const onAbort = () => {
    const reason: unknown = outer?.reason;
    controller.abort(
      reason instanceof DatataskError ? reason : new AbortError(`${what} was aborted`, { cause: reason }),
    );
  };
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => controller.abort(new TimeoutError(`${what} did not finish within ${timeoutMs} ms`)), timeoutMs)
    : undefined;
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(1, endsAt - Date.now()),
    dispose: () => {
      if (timer) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts (the promise is left to finish). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface JobContext {
  client: BigQueryClientLike;
  location: string;
  redactor: Redactor;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /** Called once per statement sent (not per page), for `queryCount`. */
  countStatement(): void;
}

export interface RunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Rows kept; Infinity reads every page. */
  maxRows: number;
  /** Rows asked per page; the server's own limit (10 MB) when absent. */
  pageRows?: number;
  dryRun?: boolean;
  context: ErrorContext;
}

interface JobReference {
  projectId?: string;
  jobId: string;
  location?: string;
}

interface QueryResponse {
  jobReference?: JobReference;
  jobComplete?: boolean;
  schema?: { fields?: SchemaField[] };
  rows?: RestRow[];
  totalRows?: string;
  pageToken?: string;
  totalBytesProcessed?: string;
}

/** Longest a single request asks the server to wait for a job (jobs.query / getQueryResults `timeoutMs`). */
const serverWaitMs = 10_000;
/** Longest we wait for jobs.cancel after an abort before giving up on it. */
const cancelWaitMs = 5_000;

/** Sends jobs.cancel; an abort must not hang or fail because the cancel did. */
async function cancelJob(ctx: JobContext, job: JobReference): Promise<void> {
  const cancel = sendRequest(ctx.client, {
    method: 'POST',
    uri: `/jobs/${encodeURIComponent(job.jobId)}/cancel`,
    qs: { location: job.location ?? ctx.location },
  });
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, cancelWaitMs).unref());
  try {
    await Promise.race([cancel, timeout]);
  } catch (error) {
    ctx.log?.('BigQuery jobs.cancel failed', { jobId: job.jobId, error: ctx.redactor.redactText(String(error)) });
  }
}

async function dryRun(ctx: JobContext, sql: string, params: QueryParams | undefined, options: RunOptions) {
  const deadline = createDeadline(options.signal, options.timeoutMs, 'BigQuery dry run');
  try {
    deadline.signal.throwIfAborted();
    ctx.countStatement();
    const job = await untilAborted(
      sendRequest<{ statistics?: { totalBytesProcessed?: string; query?: { schema?: { fields?: SchemaField[] } } } }>(
        ctx.client,
        {
          method: 'POST',
          uri: '/jobs',
          json: {
            jobReference: { location: ctx.location },
            configuration: { dryRun: true, query: { query: sql, useLegacySql: false, ...encodeParams(params) } },
          },
        },
      ),
      deadline.signal,
    );
    return {
      columns: columnsOf(job.statistics?.query?.schema?.fields),
      rows: [],
      truncated: false,
      bytesProcessed: Number(job.statistics?.totalBytesProcessed ?? 0),
    } satisfies QueryResult;
  } catch (error) {
    throw toBigQueryError(deadline.signal.aborted ? deadline.signal.reason : error, options.context, ctx.redactor);
  } finally {
    deadline.dispose();
  }
}

/** Rows asked in the next page: `pageRows` at most, never more than are still wanted; absent is the server's limit. */
const pageSize = (options: RunOptions, left: number) => {
  const size = Math.min(options.pageRows ?? Number.POSITIVE_INFINITY, left);
  return Number.isFinite(size) ? size : undefined;
};

/** getQueryResults until the job is done, then while pages remain, stopping at `maxRows`. */
async function readPages(
  ctx: JobContext,
  first: QueryResponse,
  options: RunOptions,
  deadline: Deadline,
): Promise<QueryResult> {
  let page = first;
  const job = page.jobReference;
  const results = (pageToken: string | undefined, left: number) =>
    untilAborted(
      sendRequest<QueryResponse>(ctx.client, {
        uri: `/queries/${encodeURIComponent(job!.jobId)}`,
        qs: {
          location: job!.location ?? ctx.location,
          maxResults: pageSize(options, left),
          pageToken,
          timeoutMs: Math.min(serverWaitMs, deadline.remainingMs()),
          'formatOptions.useInt64Timestamp': true,
        },
      }),
      deadline.signal,
    );
  while (!page.jobComplete && job) page = await results(undefined, options.maxRows);
  const fields = page.schema?.fields ?? [];
  const rows = decodeRows(fields, page.rows);
  while (rows.length < options.maxRows && page.pageToken && job) {
    page = await results(page.pageToken, options.maxRows - rows.length);
    rows.push(...decodeRows(fields, page.rows));
  }
  const truncated =
    rows.length > options.maxRows ||
    (rows.length >= options.maxRows && (Boolean(page.pageToken) || Number(page.totalRows ?? 0) > rows.length));
  return {
    columns: columnsOf(fields),
    rows: rows.length > options.maxRows ? rows.slice(0, options.maxRows) : rows,
    truncated,
    ...(page.totalBytesProcessed ? { bytesProcessed: Number(page.totalBytesProcessed) } : {}),
  };
}

/**
 * Runs one statement with jobs.query, then getQueryResults while the job runs and while pages remain, stopping at
 * `maxRows`. When the caller aborts or the timer fires, the job is cancelled on the server (jobs.cancel) before the
 * error is thrown; `jobTimeoutMs` makes BigQuery stop it too should the cancel not arrive.
 */
export async function runStatement(
  ctx: JobContext,
  sql: string,
  params: QueryParams | undefined,
  options: RunOptions,
): Promise<QueryResult> {
  if (options.dryRun) return dryRun(ctx, sql, params, options);
  const deadline = createDeadline(options.signal, options.timeoutMs, 'BigQuery statement');
  let job: JobReference | undefined;
  let inFlight: Promise<QueryResponse> | undefined;
  try {
    deadline.signal.throwIfAborted();
    ctx.countStatement();
    inFlight = sendRequest<QueryResponse>(ctx.client, {
      method: 'POST',
      uri: '/queries',
      json: {
        query: sql,
        useLegacySql: false,
        location: ctx.location,
        requestId: randomUUID(),
        maxResults: pageSize(options, options.maxRows),
        timeoutMs: Math.min(serverWaitMs, deadline.remainingMs()),
        ...(Number.isFinite(options.timeoutMs) ? { jobTimeoutMs: String(options.timeoutMs) } : {}),
        formatOptions: { useInt64Timestamp: true },
        ...encodeParams(params),
      },
    });
    const first = await untilAborted(inFlight, deadline.signal);
    inFlight = undefined;
    job = first.jobReference;
    return await readPages(ctx, first, options, deadline);
  } catch (error) {
    if (!deadline.signal.aborted) throw toBigQueryError(error, options.context, ctx.redactor);
    if (job) await cancelJob(ctx, job);
    else if (inFlight) {
      // Aborted before jobs.query answered: cancel the job once its reference arrives.
      void inFlight.then(
        (page) => (page.jobReference && !page.jobComplete ? cancelJob(ctx, page.jobReference) : undefined),
        () => undefined,
      );
    }
    throw toBigQueryError(deadline.signal.reason, options.context, ctx.redactor);
  } finally {
    deadline.dispose();
  }
}

/** Runs statements on a client with the adapter's location, redactor and log, counting them for `queryCount`. */
export interface StatementRunner {
  run(
    client: BigQueryClientLike,
    sql: string,
    params: QueryParams | undefined,
    options: RunOptions,
  ): Promise<QueryResult>;
  count(): number;
}

export function createStatementRunner(
  location: string,
  redactor: Redactor,
  log: AdapterFactoryOptions['log'],
): StatementRunner {
  let statements = 0;
  const context: Omit<JobContext, 'client'> = {
    location,
    redactor,
    log: log ? (message, fields) => log(message, redactor.redact(fields)) : undefined,
    countStatement: () => {
      statements++;
    },
  };
  return {
    count: () => statements,
    run: (client, sql, params, options) => {
      throwIfAborted(options.signal);
      return runStatement({ ...context, client }, sql, params, options);
    },
  };
}
