/**
 * A fake Snowflake speaking the REST JSON protocol snowflake-sdk uses, on 127.0.0.1 (random port). The real driver
 * talks to it through `accessUrl`. It answers the catalog SHOW commands from the shared fixture and records every
 * request, abort and chunk fetch.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { loadFakeParser } from '../sql/parse.js';
import { checkLogin, type FakeUser } from './auth.js';
import { type CatalogWorld, defaultWorld } from './catalog-world.js';
import { errorBody, successBody } from './protocol.js';
import { encodeResult, sessionParameters } from './query-results.js';
import { RunningStatements } from './running-statements.js';
import { answerStatement, type StatementHandler } from './statements.js';

export interface FakeSnowflakeOptions {
  account?: string;
  users?: FakeUser[];
  world?: CatalogWorld;
  /** Rows answered inline; the rest goes to chunks. @default 1000 */
  rowsetLimit?: number;
  /** Rows per chunk. @default 1000 */
  chunkRows?: number;
  /** @default 20000 */
  pollHoldMs?: number;
  /** Rows past which a SHOW fails with 090153, as Snowflake's. @default 10000 */
  maxShowRows?: number;
  handlers?: StatementHandler[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (login bodies have their password and token masked). */
  body?: Record<string, unknown>;
  sqlText?: string;
}

interface Session {
  id: number;
  user: FakeUser;
  database: string | undefined;
}

export const fakeVersion = '9.40.1';

export async function startFakeSnowflake(options: FakeSnowflakeOptions = {}) {
  await loadFakeParser();
  const account = options.account ?? 'FAKEACCOUNT';
  const users = options.users ?? [];
  let world = options.world ?? defaultWorld();
  const handlers = [...(options.handlers ?? [])];
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Session>();
  const chunks = new Map<string, string>();
  let chunkFetches = 0;
  let nextSessionId = 1;
  let baseUrl = '';

  const send = (res: ServerResponse, body: unknown, status = 200) => {
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const running = new RunningStatements(send, options.pollHoldMs ?? 20_000);

  const readBody = async (req: IncomingMessage): Promise<Record<string, unknown> | undefined> => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    let raw = Buffer.concat(parts);
    if (raw.length === 0) return undefined;
    // The driver gzips bodies, though its Content-Encoding header races with the compression: trust the bytes.
    if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  };

  const sessionOf = (req: IncomingMessage): Session | undefined => {
    const token = /Snowflake Token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1];
    return token ? sessions.get(token) : undefined;
  };

  const login = (res: ServerResponse, body: Record<string, unknown> | undefined, query: Record<string, string>) => {
    const data = (body?.data ?? {}) as Record<string, unknown>;
    const outcome = checkLogin(data, account, users);
    if (!outcome.ok) return send(res, errorBody(outcome.code, outcome.message, { nextAction: 'RETRY_LOGIN' }));
    const token = `session-${randomUUID()}`;
    // Like Snowflake, an unknown default database is ignored: the session simply has no current database.
    const requested = query.databaseName?.toUpperCase();
    const database = requested === world.database.toUpperCase() ? requested : undefined;
    const session: Session = { id: nextSessionId++, user: outcome.user, database };
    sessions.set(token, session);
    send(
      res,
      successBody({
        token,
        masterToken: `master-${randomUUID()}`,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14_400,
        sessionId: session.id,
        serverVersion: fakeVersion,
        parameters: sessionParameters,
        sessionInfo: { databaseName: database ?? null, schemaName: null, warehouseName: 'COMPUTE_WH', roleName: 'R' },
      }),
    );
  };

  const query = (res: ServerResponse, session: Session, body: Record<string, unknown>, requestId?: string) => {
    const sqlText = String(body.sqlText ?? '');
    const bindings = (body.bindings ?? {}) as Record<string, { type: string; value: unknown }>;
    const binds = Object.keys(bindings)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => bindings[key]!);
    const role = session.user.restricted ? 'RESTRICTED_ROLE' : 'ANALYST';
    const hiddenSchemas = new Set(session.user.restricted ? [world.restrictedSchema.toLowerCase()] : []);
    const answer = answerStatement(
      {
        sql: sqlText,
        binds,
        user: session.user.name,
        role,
        database: session.database,
        world,
        visibility: { hiddenSchemas },
        version: fakeVersion,
        maxShowRows: options.maxShowRows ?? 10_000,
      },
      handlers,
    );
    const queryId = randomUUID();
    if (answer.kind === 'error') {
      const { code, message, sqlState } = answer.error;
      return send(res, errorBody(code, message, { sqlState, queryId }));
    }
    if (answer.kind === 'slow') {
      const parameters = (body.parameters ?? {}) as Record<string, unknown>;
      const timeout = Number(parameters.STATEMENT_TIMEOUT_IN_SECONDS ?? 0) || undefined;
      running.start(queryId, requestId, timeout);
      return send(res, running.inProgress(queryId));
    }
    const encoded = encodeResult(
      answer.result,
      queryId,
      { database: session.database, role },
      (index) => `${baseUrl}/chunks/${queryId}/${index}`,
      options.rowsetLimit ?? 1000,
      options.chunkRows ?? 1000,
      body.describeOnly === true,
    );
    encoded.chunks.forEach((chunk, index) => {
      chunks.set(`${queryId}/${index}`, chunk);
    });
    send(res, successBody(encoded.data));
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const queryParams = Object.fromEntries(url.searchParams);
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: queryParams };
    if (body) {
      const data = body.data as Record<string, unknown> | undefined;
      recorded.body = data ? { ...body, data: { ...data, PASSWORD: '***', TOKEN: '***' } } : body;
      if (typeof body.sqlText === 'string') recorded.sqlText = body.sqlText;
    }
    requests.push(recorded);

    const chunk = /^\/chunks\/([^/]+)\/(\d+)$/.exec(url.pathname);
    if (chunk && req.method === 'GET') {
      chunkFetches++;
      const text = chunks.get(`${chunk[1]}/${chunk[2]}`);
      res.writeHead(text === undefined ? 404 : 200, { 'content-type': 'binary/octet-stream' });
      return res.end(text ?? '');
    }
    if (url.pathname === '/session/v1/login-request') return login(res, body, queryParams);
    if (url.pathname === '/telemetry/send') return send(res, { success: true });
    const session = sessionOf(req);
    if (!session) return send(res, errorBody('390112', 'Your session has expired. Please login again.'), 200);
    if (url.pathname === '/session' && queryParams.delete === 'true') {
      const token = /Snowflake Token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1];
      if (token) sessions.delete(token);
      return send(res, successBody({}));
    }
    if (url.pathname === '/queries/v1/query-request' && body) return query(res, session, body, queryParams.requestId);
    const abort = /^\/queries\/([^/]+)\/abort-request$/.exec(url.pathname);
    if (abort) {
      const queryId = abort[1] === 'v1' ? undefined : abort[1];
      running.abort(queryId, typeof body?.requestId === 'string' ? body.requestId : undefined);
      return send(res, successBody({}));
    }
    const result = /^\/queries\/([^/]+)\/result$/.exec(url.pathname);
    if (result && running.poll(result[1]!, res)) return;
    send(res, errorBody('000605', `Unknown request ${req.method} ${url.pathname}`), 404);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => send(res, errorBody('000600', String(error)), 500));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    account,
    requests,
    aborts: running.aborts,
    timedOut: running.timedOut,
    /** Statements sent (query-request calls), optionally those matching a pattern. */
    statements: (pattern?: RegExp) =>
      requests.filter((r) => r.path === '/queries/v1/query-request' && (!pattern || pattern.test(r.sqlText ?? ''))),
    chunkFetches: () => chunkFetches,
    openSessions: () => sessions.size,
    runningStatements: () => running.count(),
    /** Adds a statement handler that runs before the built-in answers; returns its removal. */
    addHandler: (handler: StatementHandler): (() => void) => {
      handlers.unshift(handler);
      return () => {
        const index = handlers.indexOf(handler);
        if (index >= 0) handlers.splice(index, 1);
      };
    },
    setWorld: (next: CatalogWorld) => {
      world = next;
    },
    async close(): Promise<void> {
      running.endAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export type FakeSnowflake = Awaited<ReturnType<typeof startFakeSnowflake>>;
