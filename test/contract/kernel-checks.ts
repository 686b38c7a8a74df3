/**
 * What the adapter kernel promises on every engine: pinned capabilities, a dry run that never executes, close()
 * ending work in flight on the server, and a lost connection while reading an optional part failing the run.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Adapter, IntrospectOptions } from '../../src/adapters/adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { ErrorCode } from '../../src/core/errors.js';
import { startFaultProxy } from '../helpers/fault-proxy.js';
import { expectCode, expectConnectionsBackTo, lowerKeys } from './contract-helpers.js';
import { pinnedCapabilities } from './pinned-capabilities.js';
import type { AdapterHarness } from './test-adapter.js';

interface KernelContext {
  harness: AdapterHarness;
  open(credentials?: CredentialsInput): Promise<Adapter>;
  use<T>(credentials: CredentialsInput, body: (adapter: Adapter) => Promise<T>): Promise<T>;
  scope(): Pick<IntrospectOptions, 'databases'>;
}

/** Prefixes a hostile caller might send to make a plan run its statement. */
const hostileExplainPrefixes = ['ANALYZE ', 'ANALYSE ', '(ANALYZE) ', '(ANALYZE false) ', '/* c */ ANALYZE '];
const wontRun = [ErrorCode.READ_ONLY_VIOLATION, ErrorCode.QUERY_FAILED];

const count = async (adapter: Adapter, sql: string): Promise<number> => {
  const { rows } = await adapter.query(sql);
  return Number(Object.values(lowerKeys(rows[0] ?? {}))[0]);
};

export function registerKernelChecks(ctx: KernelContext): void {
  const { harness } = ctx;

  it('has the capabilities pinned in test/contract/pinned-capabilities.ts', async () => {
    const adapter = await ctx.open();
    await adapter.close();
    expect(adapter.capabilities).toEqual(pinnedCapabilities[adapter.type]);
  });

  describe('dry run', () => {
    it('never runs an INSERT: plans it, or refuses it (NOT_SUPPORTED before sending anything)', async () => {
      await ctx.use(harness.credentials(), async (adapter) => {
        const insert = harness.sql.insert;
        if (adapter.capabilities.dryRun === false) {
          const sent = adapter.queryCount;
          await expectCode(adapter.query(insert?.sql ?? 'SELECT 1', undefined, { dryRun: true }), [
            ErrorCode.NOT_SUPPORTED,
          ]);
          expect(adapter.queryCount).toBe(sent);
          return;
        }
        if (!insert) {
          // Without a table to count, at least the statement must come back unexecuted: no rows.
          const planned = await adapter.query(harness.sql.params.sql, harness.sql.params.params, { dryRun: true });
          expect(planned.rows.length === 0 || adapter.capabilities.dryRun === 'plan').toBe(true);
          return;
        }
        const before = await count(adapter, insert!.count);
        // A plan, or a refusal by the engine's read-only guard (MariaDB will not EXPLAIN a write in a READ ONLY
        // transaction): either way nothing ran.
        await adapter.query(insert!.sql, undefined, { dryRun: true }).catch((error: unknown) => {
          expect((error as { code?: string }).code).toBe(ErrorCode.READ_ONLY_VIOLATION);
        });
        // Text that would turn the engine's EXPLAIN into EXPLAIN ANALYZE is a plan or an error, never a run.
        for (const prefix of hostileExplainPrefixes) {
          await adapter.query(`${prefix}${insert!.sql}`, undefined, { dryRun: true }).catch((error: unknown) => {
            expect(wontRun).toContain((error as { code?: string }).code);
          });
        }
        expect(await count(adapter, insert!.count)).toBe(before);
      });
    });

    it('a read-only EXPLAIN ANALYZE never runs its statement', async (test) => {
      if (!harness.sql.insert) test.skip();
      await ctx.use(harness.credentials(), async (adapter) => {
        const insert = harness.sql.insert!;
        const before = await count(adapter, insert.count);
        for (const prefix of ['EXPLAIN ', ...hostileExplainPrefixes.map((p) => `EXPLAIN ${p}`)]) {
          await adapter.query(`${prefix}${insert.sql}`, undefined, { readOnly: true }).catch((error: unknown) => {
            expect(wontRun).toContain((error as { code?: string }).code);
          });
        }
        expect(await count(adapter, insert.count)).toBe(before);
      });
    });
  });

  describe('close()', () => {
    it.skipIf(!harness.runningStatements)('ends a running statement on the server and every connection', async () => {
      const baseline = await harness.openConnections();
      const adapter = await ctx.open();
      const running = adapter.query(harness.sql.slow, undefined, { timeoutMs: 60_000 });
      running.catch(() => undefined);
      await vi.waitFor(async () => expect(await harness.runningStatements!()).toBeGreaterThan(0), {
        timeout: 15_000,
        interval: 50,
      });
      await adapter.close();
      await expectCode(running, [ErrorCode.ABORTED]);
      await vi.waitFor(async () => expect(await harness.runningStatements!()).toBe(0), {
        timeout: 10_000,
        interval: 100,
      });
      await expectConnectionsBackTo(() => harness.openConnections(), baseline);
      await expectCode(adapter.query('SELECT 1'), [ErrorCode.CONNECTION_FAILED]);
    });

    it.skipIf(Boolean(harness.runningStatements))(
      'ends a running statement and its connection (no server session list: the connection count shows it)',
      async () => {
        const baseline = await harness.openConnections();
        const adapter = await ctx.open();
        const running = adapter.query(harness.sql.slow, undefined, { timeoutMs: 60_000 });
        running.catch(() => undefined);
        await vi.waitFor(async () => expect(await harness.openConnections()).toBeGreaterThan(baseline), {
          timeout: 15_000,
          interval: 20,
        });
        await adapter.close();
        await expectCode(running, [ErrorCode.ABORTED]);
        await expectConnectionsBackTo(() => harness.openConnections(), baseline);
      },
    );
  });

  const parts = harness.optionalParts;
  describe.skipIf(!parts)('a lost connection while reading an optional part', () => {
    for (const [part, marker] of Object.entries(parts?.markers ?? {})) {
      it(`fails the introspection when the connection drops reading ${part}`, async () => {
        const proxy = await startFaultProxy(parts!.target(), {
          kind: 'cut-on-client-bytes',
          match: typeof marker === 'string' ? Buffer.from(marker) : marker,
        });
        try {
          await ctx.use(parts!.through(proxy), async (adapter) => {
            const error = await expectCode(adapter.introspect({ ...ctx.scope(), ...parts!.options }), [
              ErrorCode.CONNECTION_FAILED,
            ]);
            expect(error.retriable).toBe(true);
          });
          // The cut happened on that part's statement: the check cannot pass without it.
          expect(proxy.cuts).toBeGreaterThan(0);
        } finally {
          await proxy.close();
        }
      });
    }
  });
}
