import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTask } from '../../src/core/task.js';
import { createBullmqRunner } from '../../src/runners/bullmq/index.js';
import { adminValue, createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { leakedForms } from '../helpers/secret-search.js';
import { deleteKeys, dumpKeys, redisConnection, uniquePrefix } from '../runners/bullmq-harness.js';
import { flakyTask, gateTask, holdTask, introspectTask, noteTask, parentTask } from './bullmq/e2e-tasks.js';
import { type Child, forkChild, type ProcessMessage, startWorkers, stopAll, waitUntil } from './bullmq/processes.js';

describe('BullMQ runner across processes', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A prefix, workers on it, and a producer in this process; all closed and deleted after the test. */
  async function setUp(name: string, workers: number, env: Record<string, string> = {}) {
    const prefix = uniquePrefix(name);
    const children = await startWorkers(workers, { DT16_PREFIX: prefix, ...env });
    const runner = createBullmqRunner({ connection: redisConnection, prefix });
    cleanups.push(async () => {
      await runner.close();
      await stopAll(children);
      await deleteKeys(prefix);
    });
    return { prefix, children, runner };
  }

  const messagesOf = (children: Child[], type: string, runId?: string): ProcessMessage[] =>
    children.flatMap((child) =>
      child.messages.filter((message) => message.type === type && (runId === undefined || message.runId === runId)),
    );

  it('three workers share a queue and every run completes exactly once', async () => {
    const { children, runner } = await setUp('three', 3);
    const gateDir = mkdtempSync(join(tmpdir(), 'dt16-gate-'));
    cleanups.push(async () => rmSync(gateDir, { recursive: true, force: true }));
    const gateFile = join(gateDir, 'open');
    const completions = new Map<string, number>();
    runner.on('run:complete', ({ runId }) => completions.set(runId, (completions.get(runId) ?? 0) + 1));

    // One gated run per worker (concurrency 1): all three must hold one before the gate opens.
    const gated = await runner.batchTrigger(
      gateTask,
      [1, 2, 3].map(() => ({ payload: { gateFile } })),
    );
    const gatedIds = new Set(gated.map((handle) => handle.id));
    await waitUntil(
      () =>
        new Set(
          messagesOf(children, 'attempt:start')
            .filter((m) => gatedIds.has(m.runId!))
            .map((m) => m.pid),
        ).size === 3,
      'a gated run on each of the three workers',
      children,
    );
    const notes = await runner.batchTrigger(
      noteTask,
      Array.from({ length: 30 }, (_, n) => ({ payload: { n } })),
    );
    writeFileSync(gateFile, 'open');
    const results = await Promise.all([...gated, ...notes].map((handle) => handle.result()));

    expect(results.every((result) => result.ok)).toBe(true);
    expect(new Set(results.map((result) => (result.ok ? (result.output as { pid: number }).pid : 0))).size).toBe(3);
    // A result can be seen here (through Redis) before the worker's own report of it arrives over IPC: wait for
    // every report, then count them.
    const handles = [...gated, ...notes];
    await waitUntil(
      () =>
        handles.every(
          (handle) => messagesOf(children, 'run:complete', handle.id).length > 0 && completions.has(handle.id),
        ),
      'every worker report of a completed run',
      children,
    );
    for (const handle of handles) {
      expect(messagesOf(children, 'run:complete', handle.id)).toHaveLength(1);
      expect(messagesOf(children, 'attempt:start', handle.id)).toHaveLength(1);
      expect(completions.get(handle.id)).toBe(1);
    }
    expect(results.slice(3).map((result) => (result.unwrap() as unknown as { n: number }).n)).toEqual(
      Array.from({ length: 30 }, (_, n) => n),
    );
  });

  it('a worker killed mid-introspection is detected as stalled; another completes the run once; no secret in Redis', async () => {
    const database: TestDatabase = await createFixtureDatabase(sharedServer, 'bullmq');
    cleanups.push(() => database.drop());
    const secret = `Bq-pw-${randomUUID().slice(0, 8)}/+=`;
    const envName = `DT16_PG_${randomUUID().slice(0, 8).toUpperCase()}`;
    // Only the workers' environment holds the secret; the payload names it.
    const url = `postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1:5432/${database.name}`;
    const { prefix, children, runner } = await setUp('stall', 2, {
      [envName]: url,
      DT16_LOCK_MS: '1500',
      DT16_STALLED_MS: '500',
    });
    const completions: string[] = [];
    runner.on('run:complete', ({ runId }) => completions.push(runId));

    // An exclusive lock makes the column sampling wait, so the run is surely in the middle when its worker dies.
    const locker = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: database.name });
    await locker.connect();
    cleanups.push(() => locker.end());
    const { rows } = await locker.query(
      "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE' LIMIT 1",
    );
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${rows[0].name} IN ACCESS EXCLUSIVE MODE`);

    const handle = await runner.trigger(introspectTask, {
      dataSource: { name: 'warehouse', credentials: { ref: `env:${envName}` } },
      options: { columnStats: true },
    });
    const first = await Promise.race(
      children.map((child) =>
        child.next((m) => m.type === 'attempt:start' && m.runId === handle.id, 'the introspection to start'),
      ),
    );
    // Read outside the lock's transaction: pg_stat_activity is a snapshot held for a whole transaction.
    const waiting = () =>
      adminValue<number>(
        sharedServer,
        "SELECT count(*)::int FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        [database.name],
      );
    while ((await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const victim = children.find((child) => child.pid === first.pid)!;
    victim.process.kill('SIGKILL');
    await victim.exited;
    await locker.query('COMMIT');

    const result = await handle.result();
    expect(result.ok).toBe(true);
    const output = result.unwrap();
    expect(output.stats.tables).toBeGreaterThan(0);
    const survivor = children.find((child) => child !== victim)!;
    // The result can be seen (through Redis) before the survivor's report of it arrives over IPC.
    await waitUntil(
      () => messagesOf([survivor], 'run:complete', handle.id).length > 0 && completions.includes(handle.id),
      'the survivor to report the completed run',
      children,
    );
    // The run after the stall is the same attempt again, not a retry.
    // Messages are gathered per child, not in time order: compare as a set.
    const starts = messagesOf(children, 'attempt:start', handle.id).map((m) => [m.pid, m.attempt]);
    expect(starts).toHaveLength(2);
    expect(starts).toEqual(
      expect.arrayContaining([
        [victim.pid, 1],
        [survivor.pid, 1],
      ]),
    );
    expect(messagesOf([survivor], 'run:complete', handle.id)).toHaveLength(1);
    expect(messagesOf([victim], 'run:complete', handle.id)).toHaveLength(0);
    expect(completions.filter((id) => id === handle.id)).toHaveLength(1);
    const queue = new Queue('datatasks', { connection: redisConnection, prefix });
    try {
      const job = await queue.getJob(handle.id);
      expect(job?.attemptsStarted).toBe(2); // the killed start and the one after the stall
      expect(job?.attemptsMade).toBe(1); // BullMQ counts the completed attempt; the stall counted as none
      expect(job?.stalledCounter).toBe(1);
      expect(await job?.getState()).toBe('completed');
    } finally {
      await queue.close();
    }

    const dump = [...(await dumpKeys(prefix))].map(([key, value]) => `${key}\n${value}`).join('\n');
    expect(dump).toContain('env:'); // the reference itself is there
    expect(leakedForms(dump, secret)).toEqual([]);
    expect(dump).not.toContain(url);
  });

  it('a graceful close drains the runs in flight and takes no new ones', async () => {
    const { prefix, children, runner } = await setUp('drain', 1, { DT16_CONCURRENCY: '2' });
    const tokens = new Map<string, string>();
    runner.on('metadata', ({ runId, metadata }) => {
      if (typeof metadata.tokenId === 'string') tokens.set(runId, metadata.tokenId);
    });
    const held = await runner.batchTrigger(holdTask, [{ payload: {} }, { payload: {} }]);
    await waitUntil(() => tokens.size === 2, 'both runs waiting', []);
    const [worker] = children as [Child];
    worker.process.kill('SIGTERM');
    await worker.next((m) => m.type === 'closing', 'the worker to start closing');
    const late = await runner.trigger(noteTask, { n: 1 });
    for (const handle of held) await runner.completeToken(tokens.get(handle.id)!, { note: 'done' });
    const results = await Promise.all(held.map((handle) => handle.result()));
    expect(results.map((result) => (result.unwrap() as { note: string }).note)).toEqual(['done', 'done']);
    expect(await worker.exited).toBe(0);
    expect(worker.messages.map((m) => m.type).slice(-1)).toEqual(['closed']);
    const queue = new Queue('datatasks', { connection: redisConnection, prefix });
    try {
      expect(await (await queue.getJob(late.id))?.getState()).toBe('waiting');
    } finally {
      await queue.close();
    }
  });

  it('an idempotency key used from two producer processes starts one run', async () => {
    const { prefix } = await setUp('idem', 1);
    const producers = [
      forkChild('./producer-process.ts', { DT16_PREFIX: prefix }),
      forkChild('./producer-process.ts', { DT16_PREFIX: prefix }),
    ];
    cleanups.push(() => stopAll(producers));
    await Promise.all(producers.map((p) => p.next((m) => m.type === 'ready', 'producer ready')));
    const key = `key-${randomUUID()}`;
    for (const producer of producers) producer.process.send({ type: 'go', key });
    const answers = await Promise.all(producers.map((p) => p.next((m) => m.type === 'result', 'a result')));
    expect(answers[0]!.id).toBe(answers[1]!.id);
    expect(answers[0]!.output).toEqual(answers[1]!.output);
    expect((answers[0]!.output as { value: string }).value).toMatch(/^[0-9a-f-]{36}$/);
    const queue = new Queue('datatasks', { connection: redisConnection, prefix });
    try {
      const counts = await queue.getJobCounts();
      expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(1);
    } finally {
      await queue.close();
    }
  });

  it('a cron schedule with three workers fires once per tick', async () => {
    const { children } = await setUp('cron', 3, { DT16_TASKS: 'cron', DT16_CONCURRENCY: '2' });
    const ticks = () => messagesOf(children, 'run:complete').map((m) => (m.output as { tick: string }).tick);
    await waitUntil(() => new Set(ticks()).size >= 4, 'four ticks', children);
    await stopAll(children);
    const all = ticks();
    expect(all.length).toBe(new Set(all).size);
    for (const tick of all) expect(new Date(tick).getUTCMilliseconds()).toBe(0);
  });

  it('a retryable failure is retried after the policy delay, on any worker', async () => {
    const { children, runner } = await setUp('retry', 3);
    const failures: Array<{ attempt: number; retryDelayMs?: number }> = [];
    runner.on('attempt:fail', (event) => failures.push(event));
    const result = await runner.triggerAndWait(flakyTask, {});
    const output = result.unwrap();
    expect(output.attempt).toBe(2);
    expect(failures).toHaveLength(1);
    const delayMs = failures[0]!.retryDelayMs!;
    // The policy's first delay: minTimeoutInMs 300 times a jitter factor in [1, 2).
    expect(delayMs).toBeGreaterThanOrEqual(300);
    expect(delayMs).toBeLessThan(600);
    expect(output.startedAt - output.failedAt).toBeGreaterThanOrEqual(delayMs);
    expect(children.map((child) => child.pid)).toContain(output.failedOn);
    expect(children.map((child) => child.pid)).toContain(output.pid);
  });

  it('runs child runs on another worker while the parent holds its slot', async () => {
    // Concurrency 1 each: the parent's worker has no slot left while the parent waits.
    const { children, runner } = await setUp('children', 2);
    const result = await runner.triggerAndWait(parentTask, {});
    const output = result.unwrap() as { pid: number; children: Array<{ n: number; pid: number }> };
    expect(output.children.map((child) => child.n)).toEqual([1, 2, 3]);
    const other = children.find((child) => child.pid !== output.pid)!;
    expect(output.children.map((child) => child.pid)).toEqual([other.pid, other.pid, other.pid]);
  });

  it('runs on a worker process of the built package (dist), triggered from here', async () => {
    const prefix = uniquePrefix('built');
    const worker = forkChild('./built-worker.mjs', { DT16_PREFIX: prefix }, []);
    const runner = createBullmqRunner({ connection: redisConnection, prefix });
    cleanups.push(async () => {
      await runner.close();
      await stopAll([worker]);
      await deleteKeys(prefix);
    });
    await worker.next((m) => m.type === 'ready', 'the built worker');
    // The same definition on this side: the producer validates with it; the worker runs its own (built) copy.
    const shout = defineTask({
      id: 'e2e-built-shout',
      schema: z.object({ text: z.string() }),
      run: async () => ({ text: '', pid: 0 }),
    });
    const result = await runner.triggerAndWait(shout, { text: 'built' });
    expect(result.unwrap()).toEqual({ text: 'BUILT', pid: worker.pid });
  });
});
