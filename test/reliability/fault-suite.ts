/**
 * Fault injection through the TCP proxy, shared by PostgreSQL and MariaDB: the connection cut at seeded random
 * points, a hung server, and aborts at seeded random points. Every run must end as a clean run does or with a typed
 * error, and leave no connection behind (server session count back to its baseline, no socket open at the proxy).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { DatataskError } from '../../src/core/errors.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';
import { reliabilitySeed, seededRandom } from '../helpers/seeded-random.js';
import { type IntrospectRun, runIntrospectTask } from '../tasks/introspect-harness.js';
import {
  catalogFingerprint,
  expectCleanOrTyped,
  rejectionOf,
  settlesWithin,
  timeoutSignal,
  waitFor,
} from './fault-support.js';

export interface FaultTarget {
  label: string;
  address: { host: string; port: number };
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** Credentials of the target's own user/application (so its sessions can be counted). */
  credentials(extra?: Record<string, unknown>): CredentialsInput;
  /** The server's sessions of that user/application right now. */
  serverSessions(): Promise<number>;
  /** Bugs found and reported: their strict tests are skipped as `BUG: ...` until fixed. */
  knownBugs?: { hangOnStalledRead?: string; hangOnCutMidResult?: string };
}

/** Fault figures of a suite, printed at its end for the report. */
export interface FaultTally {
  cutPoints: number;
  cutsInjected: number;
  recovered: number;
  typedFailures: number;
  stalls: number;
  aborts: number;
}

/** RELIABILITY_RUN_KNOWN_BUGS=1 runs the strict tests of known bugs too (to check a fix). */
const runKnownBugs = process.env.RELIABILITY_RUN_KNOWN_BUGS === '1';

export function defineFaultSuite(target: FaultTarget, seed: number): void {
  const random = seededRandom(reliabilitySeed(seed));
  const tally: FaultTally = { cutPoints: 0, cutsInjected: 0, recovered: 0, typedFailures: 0, stalls: 0, aborts: 0 };
  let proxy: FaultProxy;
  let clean = '';
  let cleanBytes = 0;
  let largestConnection = 0;
  let cleanEvents = 0;

  const viaProxy = (extra: Record<string, unknown> = {}) =>
    target.credentials({ host: proxy.host, port: proxy.port, connectTimeoutMs: 1000, ...extra });
  const payload = (options: Record<string, unknown> = {}) => ({
    dataSource: { name: target.label, credentials: viaProxy() },
    options,
  });
  const nothingLeft = async (what: string) => {
    await waitFor(() => proxy.openConnections() === 0, `${what}: no socket open at the proxy`);
    await waitFor(async () => (await target.serverSessions()) === 0, `${what}: server sessions back to baseline`);
  };

  describe(`fault injection on ${target.label} (seed ${random.seed})`, () => {
    beforeAll(async () => {
      await target.setup();
      proxy = await startFaultProxy(target.address);
      expect(await target.serverSessions()).toBe(0);
      const before = proxy.bytesFromServer;
      const firstConnection = proxy.accepted;
      const run = await runIntrospectTask(payload(), {
        onMetadata: () => {
          cleanEvents++;
        },
      });
      expect(run.result.ok).toBe(true);
      clean = catalogFingerprint(run);
      cleanBytes = proxy.bytesFromServer - before;
      // Cuts apply per connection: draw points within the largest connection of a clean run.
      largestConnection = Math.max(...proxy.connectionBytes().slice(firstConnection));
      expect(cleanBytes).toBeGreaterThan(1000);
    }, 60_000);
    beforeEach(async () => {
      // A fresh proxy per test, so a socket one test leaves open cannot fail the next.
      await proxy?.close();
      proxy = await startFaultProxy(target.address);
    });
    afterEach(async () => {
      proxy.setMode({ kind: 'pass' });
      await nothingLeft('after the test');
    });
    afterAll(async () => {
      await proxy?.close();
      await target.teardown();
      console.log(`[reliability] ${target.label} faults ${JSON.stringify(tally)}`);
    });

    const cutBug = target.knownBugs?.hangOnCutMidResult;
    (cutBug && !runKnownBugs ? it.skip : it)(
      `${cutBug ? `BUG: ${cutBug} | ` : ''}ends every run cut at 20 seeded random points with the clean catalog or a typed error`,
      async () => {
        for (let point = 0; point < 20; point++) {
          const bytes = random.int(1, largestConnection);
          // One point in four keeps cutting on every attempt, so the "typed error after its attempts" path runs too.
          const persistent = point % 4 === 3;
          const cutsBefore = proxy.cuts;
          proxy.setMode({ kind: 'cut-after', bytes });
          const run: IntrospectRun = await settlesWithin(
            runIntrospectTask(payload(), {
              onAttemptFail: () => {
                if (!persistent) proxy.setMode({ kind: 'pass' });
              },
            }),
            60_000,
            `run cut after ${bytes} bytes`,
          );
          proxy.setMode({ kind: 'pass' });
          const outcome = expectCleanOrTyped(run, clean);
          if (outcome === 'failed') expect(run.attempts).toBe(3);
          if (persistent && proxy.cuts > cutsBefore && outcome === 'ok') {
            // Every attempt was cut, so a success would have to be a partial catalog (already compared above).
            expect(catalogFingerprint(run)).toBe(clean);
          }
          tally.cutPoints++;
          tally.cutsInjected += proxy.cuts - cutsBefore;
          if (outcome === 'ok') tally.recovered++;
          else tally.typedFailures++;
          await nothingLeft(`cut point ${point} (${bytes} bytes)`);
        }
        expect(tally.cutsInjected).toBeGreaterThanOrEqual(15);
        expect(tally.typedFailures).toBeGreaterThan(0);
        expect(tally.recovered).toBeGreaterThan(0);
      },
      120_000,
    );

    describe('a hung server', () => {
      const stalledRead = target.knownBugs?.hangOnStalledRead;
      const strictStall = stalledRead && !runKnownBugs ? it.skip : it;
      const bugNote = stalledRead ? `BUG: ${stalledRead} | ` : '';
      let adapter: Adapter | undefined;
      afterEach(async () => {
        await adapter?.close();
        adapter = undefined;
      });

      it('testConnection ends with TIMEOUT within connectTimeoutMs, closing its socket', async () => {
        proxy.setMode({ kind: 'stall' });
        adapter = await createAdapter(viaProxy({ connectTimeoutMs: 800 }));
        const error = await settlesWithin(rejectionOf(adapter.testConnection()), 8000, 'testConnection on a stall');
        expect(error).toBeInstanceOf(DatataskError);
        expect((error as DatataskError).code).toBe('TIMEOUT');
        await waitFor(() => proxy.openConnections() === 0, 'the stalled socket is closed before adapter.close()');
        tally.stalls++;
      });

      strictStall(
        `${bugNote}introspect ends with TIMEOUT when its signal fires mid-read; the abort closes the socket`,
        async () => {
          adapter = await createAdapter(viaProxy());
          await adapter.testConnection();
          await adapter.close();
          adapter = await createAdapter(viaProxy());
          proxy.setMode({
            kind: 'stall-after',
            bytes: random.int(Math.floor(largestConnection / 4), Math.floor(largestConnection / 2)),
          });
          const { signal, clear } = timeoutSignal(800);
          try {
            const error = await settlesWithin(
              rejectionOf(adapter.introspect({ signal })),
              8000,
              'introspect on a stall',
            );
            expect(error).toBeInstanceOf(DatataskError);
            expect((error as DatataskError).code).toBe('TIMEOUT');
          } finally {
            clear();
          }
          await waitFor(() => proxy.openConnections() === 0, 'the stalled socket is closed before adapter.close()');
          tally.stalls++;
        },
      );

      strictStall(
        `${bugNote}the task ends with TIMEOUT after its attempts (options.timeoutMs), runs cleanup, leaves nothing open`,
        async () => {
          proxy.setMode({
            kind: 'stall-after',
            bytes: random.int(Math.floor(largestConnection / 4), Math.floor(largestConnection / 2)),
          });
          const run = await settlesWithin(runIntrospectTask(payload({ timeoutMs: 700 })), 20_000, 'task on a stall');
          expect(run.result.ok).toBe(false);
          if (!run.result.ok) expect(run.result.error.code).toBe('TIMEOUT');
          expect(run.metadata.some((m) => m.phase === 'cleaning-up')).toBe(true);
          proxy.setMode({ kind: 'pass' });
          await nothingLeft('stalled task');
          tally.stalls++;
        },
        30_000,
      );
    });

    it('aborted by the caller at 8 seeded random points: cleanup runs and no connection is left', async () => {
      for (let point = 0; point < 8; point++) {
        const controller = new AbortController();
        // Half the points abort at a progress event, half after a random delay.
        const atEvent = random.int(1, cleanEvents);
        const delayMs = point % 2 === 1 ? random.int(0, 250) : undefined;
        let events = 0;
        const timer =
          delayMs === undefined ? undefined : setTimeout(() => controller.abort(new Error('cancel')), delayMs);
        const run = await settlesWithin(
          runIntrospectTask(payload(), {
            signal: controller.signal,
            onMetadata: () => {
              events++;
              if (delayMs === undefined && events === atEvent) controller.abort(new Error('user cancelled'));
            },
          }),
          30_000,
          `run aborted at point ${point}`,
        );
        clearTimeout(timer);
        const outcome = expectCleanOrTyped(run, clean);
        if (outcome === 'failed' && !run.result.ok) expect(run.result.error.code).toBe('ABORTED');
        if (run.metadata.some((m) => m.phase === 'connecting')) {
          // The live metadata list: cleanup may report after the result (the runner does not wait for it).
          await waitFor(
            () => run.metadata.some((m) => m.phase === 'cleaning-up'),
            `abort point ${point}: cleanup ran`,
            100,
          );
        }
        tally.aborts++;
        await nothingLeft(`abort point ${point}`);
      }
    }, 90_000);
  });
}
