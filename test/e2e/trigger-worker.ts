/**
 * Runs attempts of built tasks the way a Trigger.dev machine does: the CLI's TaskRunProcess forks the image's
 * managed-run-worker (whose TaskExecutor from @trigger.dev/core runs the task) against a stand-in platform API on
 * 127.0.0.1 that records every request body. Test code.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { applyMetadataOperations } from '@trigger.dev/core/v3';
import { triggerCli, type WorkerManifestLike } from './trigger-cli.js';

type Metadata = Record<string, unknown>;
type MetadataBody = { metadata?: Metadata; operations?: unknown[] };

export interface StandInApi {
  url: string;
  /** Every request: method, path and body text (gunzipped). */
  requests: Array<{ method: string; path: string; body: string }>;
  /** Each run's metadata as the platform keeps it: the worker's flushes applied with the SDK's own operations. */
  metadata: Map<string, Metadata>;
  /** Applies a metadata update (a flush, or the last one returned with an attempt's result). */
  updateMetadata(runId: string, body: MetadataBody): Metadata;
  close(): Promise<void>;
}

export async function startStandInApi(): Promise<StandInApi> {
  const requests: StandInApi['requests'] = [];
  const metadata = new Map<string, Metadata>();
  const updateMetadata = (runId: string, body: MetadataBody): Metadata => {
    const current = body.metadata ?? metadata.get(runId) ?? {};
    const next = body.operations?.length
      ? (applyMetadataOperations(current as never, body.operations as never).newMetadata as Metadata)
      : current;
    metadata.set(runId, next);
    return next;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      requests.push({ method: req.method ?? '', path: req.url ?? '', body: raw.toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' });
      const flush = /^\/api\/v1\/runs\/([^/]+)\/metadata$/.exec(req.url ?? '');
      if (flush && req.method === 'PUT') {
        res.end(JSON.stringify({ metadata: updateMetadata(flush[1]!, JSON.parse(raw.toString('utf8') || '{}')) }));
        return;
      }
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    metadata,
    updateMetadata,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface AttemptResult {
  ok: boolean;
  output?: string;
  error?: { type: string; name?: string; message?: string; code?: string; stackTrace?: string };
  retry?: { timestamp: number; delay: number };
  skippedRetrying?: boolean;
  [key: string]: unknown;
}

export interface RunAttemptOptions {
  imageDir: string;
  workerManifest: WorkerManifestLike;
  contentHash: string;
  api: StandInApi;
  taskId: string;
  payload: unknown;
  attempt?: number;
  runId?: string;
  /** The project's environment variables. */
  env?: Record<string, string>;
  /** The run's metadata so far (the platform hands it to each attempt). */
  metadata?: Record<string, unknown>;
}

const machine = { name: 'small-1x', cpu: 0.5, memory: 0.5, centsPerMs: 0 } as const;

function execution(options: RunAttemptOptions, runId: string) {
  const task = options.workerManifest.tasks.find((candidate) => candidate.id === options.taskId);
  if (!task) throw new Error(`task ${options.taskId} is not in the worker manifest`);
  const retry = task.retry as { maxAttempts?: number } | undefined;
  const now = new Date();
  return {
    task: { id: task.id, filePath: task.filePath },
    attempt: { number: options.attempt ?? 1, startedAt: now },
    run: {
      id: runId,
      payload: JSON.stringify(options.payload),
      payloadType: 'application/json',
      tags: [],
      isTest: false,
      createdAt: now,
      startedAt: now,
      ...(retry?.maxAttempts ? { maxAttempts: retry.maxAttempts } : {}),
      ...(task.maxDuration ? { maxDuration: task.maxDuration } : {}),
      ...(options.metadata ? { metadata: options.metadata } : {}),
      durationMs: 0,
      costInCents: 0,
      baseCostInCents: 0,
      version: '20261202.1',
    },
    queue: { id: 'queue_e2e', name: `task/${task.id}` },
    environment: { id: 'env_e2e', slug: 'prod', type: 'PRODUCTION' as const },
    organization: { id: 'org_e2e', slug: 'e2e', name: 'e2e' },
    project: { id: 'proj_e2e', ref: 'proj_datatasks_example', slug: 'e2e', name: 'e2e' },
    machine,
  };
}

/** One attempt in a fresh worker process; resolves with its result and everything the worker printed. */
export async function runAttempt(
  options: RunAttemptOptions,
): Promise<{ result: AttemptResult; output: string; durationMs: number }> {
  const TaskRunProcess = await triggerCli.TaskRunProcess();
  const runId = options.runId ?? `run_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const printed: string[] = [];
  const process = new TaskRunProcess({
    workerManifest: options.workerManifest,
    cwd: options.imageDir,
    env: {
      TRIGGER_API_URL: options.api.url,
      TRIGGER_SECRET_KEY: 'tr_prod_e2e_stand_in',
      TRIGGER_JWT: 'e2e-jwt',
      TRIGGER_OTEL_EXPORTER_OTLP_ENDPOINT: `${options.api.url}/otel`,
      USAGE_EVENT_URL: `${options.api.url}/usage`,
      USAGE_HEARTBEAT_INTERVAL_MS: '500',
      ...options.env,
    },
    serverWorker: { id: 'worker_e2e', version: '20261202.1', contentHash: options.contentHash },
    machineResources: machine,
  }).initialize();
  // The raw output of the worker process (the CLI only relays it to its logger).
  process._child.stdout.on('data', (chunk: Buffer) => printed.push(chunk.toString('utf8')));
  process._child.stderr.on('data', (chunk: Buffer) => printed.push(chunk.toString('utf8')));
  const started = Date.now();
  try {
    const result = (await process.execute({
      payload: { execution: execution(options, runId), traceContext: {}, environment: {} },
      messageId: `msg_${runId}`,
    })) as AttemptResult;
    return { result, output: printed.join(''), durationMs: Date.now() - started };
  } finally {
    await process.cleanup(true);
  }
}
