/**
 * The PostgreSQL row cap (pg-cursor portal), cancel and socket cut, on public pg and pg-cursor APIs: the server
 * produces only maxRows + 1 rows, an abort cancels the statement on the server, a hung server gets its socket cut,
 * and a missing pg-cursor fails with DRIVER_NOT_INSTALLED naming it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CredentialsOf, parseCredentials } from '../../src/adapters/credentials.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/index.js';
import { ErrorCode } from '../../src/core/errors.js';
import { expectCode } from '../contract/contract-helpers.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import {
  adminExec,
  countRunning,
  countSessions,
  createTestDatabase,
  sharedServer,
  type TestDatabase,
  uniqueName,
} from '../helpers/pg.js';
import { settlesWithin, waitFor } from '../reliability/fault-support.js';

const applicationName = uniqueName('pg_cursor');
let db: TestDatabase;

const credentials = (extra: Record<string, unknown> = {}) =>
  parseCredentials({
    type: 'postgres',
    host: sharedServer.host,
    port: sharedServer.port,
    user: sharedServer.user,
    database: db.name,
    applicationName,
    ...extra,
  }) as CredentialsOf<'postgres'>;

async function withAdapter<T>(
  body: (adapter: ReturnType<typeof createPostgresAdapter>) => Promise<T>,
  extra?: Record<string, unknown>,
) {
  const adapter = createPostgresAdapter(credentials(extra));
  try {
    return await body(adapter);
  } finally {
    await adapter.close();
  }
}

/** Row g of this statement fails (division by zero) once g passes `last`: the server computes rows lazily. */
const failsAfter = (last: number) =>
  `SELECT CASE WHEN g <= ${last} THEN g ELSE 1 / (g - g) END AS g FROM generate_series(1, 100000) g`;

beforeAll(async () => {
  db = await createTestDatabase(sharedServer, 'pg_cursor');
});
afterAll(async () => {
  await db?.drop();
});

describe('postgres row cap through pg-cursor', () => {
  it('makes the server compute maxRows + 1 rows, not one more', async () => {
    await withAdapter(async (adapter) => {
      // Rows 1..11 are fine and row 12 fails: a cap of 10 reads 11 rows and never reaches the failing one.
      const capped = await adapter.query(failsAfter(11), [], { maxRows: 10 });
      expect(capped.rows).toHaveLength(10);
      expect(capped.truncated).toBe(true);
      expect(capped.rows.at(-1)).toEqual({ g: 10 });
      // A cap of 11 asks for 12 rows, so the server computes row 12 and fails: the limit is exactly maxRows + 1.
      const error = await expectCode(adapter.query(failsAfter(11), [], { maxRows: 11 }), [ErrorCode.QUERY_FAILED]);
      expect(error.details).toMatchObject({ sqlState: '22012' });
    });
  });

  it('closes the suspended portal: the same adapter keeps working and nothing stays open or running', async () => {
    await withAdapter(async (adapter) => {
      for (let round = 0; round < 3; round++) {
        const result = await adapter.query('SELECT g FROM generate_series(1, 100000) g', [], { maxRows: 5 });
        expect(result).toMatchObject({ truncated: true, rows: [{ g: 1 }, { g: 2 }, { g: 3 }, { g: 4 }, { g: 5 }] });
      }
      // Portals other than this statement's own (pg_cursors lists it too).
      const after = await adapter.query(
        "SELECT count(*)::int AS open FROM pg_cursors WHERE statement NOT LIKE '%pg_cursors%'",
      );
      expect(after.rows).toEqual([{ open: 0 }]);
      expect(await countRunning(sharedServer, applicationName)).toBe(0);
    });
  });

  it('caps at 0 rows and runs statements that return no rows (SET, SHOW, EXPLAIN)', async () => {
    await withAdapter(async (adapter) => {
      const none = await adapter.query('SELECT g FROM generate_series(1, 10) g', [], { maxRows: 0 });
      expect(none).toMatchObject({ rows: [], truncated: true });
      expect(none.columns).toEqual([{ name: 'g', type: 'integer' }]);
      expect((await adapter.query('SET LOCAL work_mem = 4096')).rows).toEqual([]);
      expect((await adapter.query('SHOW work_mem')).rows).toHaveLength(1);
      const plan = await adapter.query('EXPLAIN SELECT 1', [], { maxRows: 1 });
      expect(plan.rows).toHaveLength(1);
    });
  });

  it('binds parameters and fails a syntax error with QUERY_FAILED (42601), then keeps working', async () => {
    await withAdapter(async (adapter) => {
      const bound = await adapter.query('SELECT $1::int + $2::int AS sum', [2, 3]);
      expect(bound.rows).toEqual([{ sum: 5 }]);
      const error = await expectCode(adapter.query('SELEC 1'), [ErrorCode.QUERY_FAILED]);
      expect(error.details).toMatchObject({ sqlState: '42601' });
      expect((await adapter.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    });
  });
});

describe('postgres COPY through the capped portal', () => {
  it('COPY TO STDOUT completes with no rows; COPY FROM STDIN fails (no data source); the adapter keeps working', async () => {
    await adminExec(sharedServer, db.name, ['CREATE TABLE public.copy_target (a int)']);
    await withAdapter(async (adapter) => {
      const out = await adapter.query('COPY (SELECT g FROM generate_series(1, 3) g) TO STDOUT');
      expect(out).toMatchObject({ rows: [], truncated: false });
      const error = await expectCode(adapter.query('COPY public.copy_target FROM STDIN'), [ErrorCode.QUERY_FAILED]);
      expect(error.message).toMatch(/no data source/);
      expect((await adapter.query('SELECT count(*)::int AS n FROM public.copy_target')).rows).toEqual([{ n: 0 }]);
    });
  });
});

describe('postgres cancel and socket cut', () => {
  it('an abort cancels the statement on the server (57014) and it leaves pg_stat_activity', async () => {
    await withAdapter(async (adapter) => {
      const controller = new AbortController();
      const running = adapter.query('SELECT pg_sleep(30)', [], { signal: controller.signal, timeoutMs: 60_000 });
      await waitFor(async () => (await countRunning(sharedServer, applicationName)) === 1, 'the statement runs');
      controller.abort(new Error('user cancelled'));
      const error = await settlesWithin(expectCode(running, [ErrorCode.ABORTED]), 10_000, 'the aborted query');
      // The server's own "canceling statement due to user request": the cancel reached it, not a socket cut.
      expect((error.cause as { code?: string }).code).toBe('57014');
      await waitFor(async () => (await countRunning(sharedServer, applicationName)) === 0, 'the statement is gone');
    });
  });

  it('cuts the socket when the cancel cannot reach a hung server, and leaves no connection', async () => {
    const proxy = await startFaultProxy({ host: sharedServer.host, port: sharedServer.port });
    const hungApp = `${applicationName}_hung`;
    try {
      await withAdapter(
        async (adapter) => {
          await adapter.query('SELECT 1');
          // Connections opened from now on (the canceller's) never get an answer.
          proxy.setMode({ kind: 'stall' });
          const controller = new AbortController();
          const running = adapter.query('SELECT pg_sleep(30)', [], { signal: controller.signal, timeoutMs: 60_000 });
          await waitFor(async () => (await countRunning(sharedServer, hungApp)) === 1, 'the statement runs');
          controller.abort(new Error('user cancelled'));
          const error = await settlesWithin(expectCode(running, [ErrorCode.ABORTED]), 10_000, 'the aborted query');
          expect((error.cause as { code?: string }).code).not.toBe('57014');
          await waitFor(() => proxy.openConnections() === 0, 'every socket through the proxy is closed');
        },
        { host: proxy.host, port: proxy.port, applicationName: hungApp, connectTimeoutMs: 500 },
      );
    } finally {
      // The backend notices the lost client only when pg_sleep ends: end it now.
      await adminExec(sharedServer, 'postgres', [
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE '${hungApp}%'`,
      ]);
      await proxy.close();
    }
    expect(await countSessions(sharedServer, hungApp)).toBe(0);
  });
});

describe('postgres without pg-cursor', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'datatasks-no-cursor-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('fails testConnection with DRIVER_NOT_INSTALLED naming pg-cursor', async () => {
    const root = process.cwd();
    // A resolve hook that answers for pg-cursor as Node does for a package that is not installed.
    const hook = path.join(work, 'no-pg-cursor.mjs');
    await writeFile(
      hook,
      `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(\`export async function resolve(specifier, context, next) {
  if (specifier === 'pg-cursor') throw Object.assign(new Error("Cannot find package 'pg-cursor'"), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}\`));
`,
    );
    const script = path.join(work, 'probe.mts');
    await writeFile(
      script,
      `import { createPostgresAdapter } from ${JSON.stringify(path.join(root, 'src', 'adapters', 'postgres', 'index.ts'))};
import { parseCredentials } from ${JSON.stringify(path.join(root, 'src', 'adapters', 'credentials.ts'))};
const adapter = createPostgresAdapter(parseCredentials(${JSON.stringify({
        type: 'postgres',
        host: sharedServer.host,
        port: sharedServer.port,
        user: sharedServer.user,
        database: 'postgres',
        applicationName: `${applicationName}_nocursor`,
      })}) as never);
try {
  await adapter.testConnection();
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message, details: error.details }));
} finally {
  await adapter.close();
}
`,
    );
    const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', tsx, '--import', hook, script], { cwd: work });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
    });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({
      code: ErrorCode.DRIVER_NOT_INSTALLED,
      message: expect.stringContaining('npm install pg-cursor'),
      details: { package: 'pg-cursor' },
    });
  });
});
