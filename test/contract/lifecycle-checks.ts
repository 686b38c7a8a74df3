/** Timeouts, aborts and "nothing left open" checks of the contract suite. */
import { describe, expect, it, vi } from 'vitest';
import type { Adapter, IntrospectOptions } from '../../src/adapters/adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { ErrorCode } from '../../src/core/errors.js';
import type { ContractCheck } from './catalog-checks.js';
import { expectCode, expectConnectionsBackTo } from './contract-helpers.js';
import type { AdapterHarness } from './test-adapter.js';

interface LifecycleContext {
  harness: AdapterHarness;
  open(credentials?: CredentialsInput): Promise<Adapter>;
  use<T>(credentials: CredentialsInput, body: (adapter: Adapter) => Promise<T>): Promise<T>;
  scope(): Pick<IntrospectOptions, 'databases'>;
  skips: Partial<Record<ContractCheck, string>>;
}

const stopped = [ErrorCode.ABORTED, ErrorCode.TIMEOUT];

export function registerLifecycleChecks(ctx: LifecycleContext): void {
  const { harness, skips } = ctx;
  const note = (check: ContractCheck) => (skips[check] ? ` (skipped: ${skips[check]})` : '');
  const backTo = (baseline: number) => expectConnectionsBackTo(() => harness.openConnections(), baseline);
  const noStatementRunning = async () => {
    if (!harness.runningStatements) return;
    await vi.waitFor(
      async () => {
        expect(await harness.runningStatements!()).toBe(0);
      },
      { timeout: 10_000, interval: 100 },
    );
  };

  describe('timeouts and aborts', () => {
    it.skipIf(Boolean(skips.timeout))(
      `times out a slow statement with TIMEOUT and cancels it${note('timeout')}`,
      async () => {
        const baseline = await harness.openConnections();
        const adapter = await ctx.open();
        try {
          const error = await expectCode(adapter.query(harness.sql.slow, undefined, { timeoutMs: 1000 }), [
            ErrorCode.TIMEOUT,
          ]);
          expect(error.retriable).toBe(true);
          await noStatementRunning();
          // The adapter stays usable after a timeout.
          const again = await adapter.query(harness.sql.params.sql, harness.sql.params.params);
          expect(again.rows.length).toBe(harness.sql.params.expect.length);
        } finally {
          await adapter.close();
        }
        await backTo(baseline);
      },
    );

    it.skipIf(Boolean(skips.abortQuery))(
      `stops a running statement when the signal aborts${note('abortQuery')}`,
      async () => {
        const baseline = await harness.openConnections();
        const adapter = await ctx.open();
        const controller = new AbortController();
        try {
          const running = adapter.query(harness.sql.slow, undefined, { signal: controller.signal, timeoutMs: 60_000 });
          // The statement needs 20 s; abort once it is surely under way on the server.
          const timer = setTimeout(() => controller.abort(), 500);
          try {
            await expectCode(running, stopped);
          } finally {
            clearTimeout(timer);
          }
          await noStatementRunning();
        } finally {
          await adapter.close();
        }
        await backTo(baseline);
      },
    );

    it('rejects at once with an already aborted signal and opens nothing', async () => {
      const baseline = await harness.openConnections();
      const adapter = await ctx.open();
      try {
        await expectCode(adapter.introspect({ ...ctx.scope(), signal: AbortSignal.abort() }), stopped);
        await expectCode(adapter.testConnection({ signal: AbortSignal.abort() }), stopped);
        await expectCode(adapter.query('SELECT 1', undefined, { signal: AbortSignal.abort() }), stopped);
      } finally {
        await adapter.close();
      }
      await backTo(baseline);
    });

    it('stops introspection aborted midway, then leaves no connection open', async () => {
      const baseline = await harness.openConnections();
      const adapter = await ctx.open();
      const controller = new AbortController();
      try {
        const running = adapter.introspect({
          ...ctx.scope(),
          signal: controller.signal,
          onProgress: () => controller.abort(),
        });
        // Without progress reports, abort once the first round trip is under way.
        setImmediate(() => controller.abort());
        await expectCode(running, stopped);
      } finally {
        await adapter.close();
      }
      await backTo(baseline);
    });
  });

  describe('resources', () => {
    it('leaves no connection open after success', async () => {
      const baseline = await harness.openConnections();
      await ctx.use(harness.credentials(), async (adapter) => {
        await adapter.testConnection();
        await adapter.query(harness.sql.params.sql, harness.sql.params.params);
        await adapter.query(harness.sql.manyRows, undefined, { maxRows: 5 });
        await adapter.introspect(ctx.scope());
      });
      await backTo(baseline);
    });

    it('leaves no connection open after failures', async () => {
      const baseline = await harness.openConnections();
      await ctx.use(harness.credentials(), async (adapter) => {
        await expect(adapter.query('SELECT * FROM datatasks_contract_missing_table')).rejects.toThrow();
      });
      if (harness.badPassword) {
        await ctx.use(harness.badPassword(), async (adapter) => {
          await expect(adapter.testConnection()).rejects.toThrow();
        });
      }
      await backTo(baseline);
    });

    it('can be closed twice and used as an async disposable', async () => {
      const adapter = await ctx.open();
      await adapter.testConnection();
      await adapter.close();
      await adapter.close();
      const disposable = await ctx.open();
      await disposable[Symbol.asyncDispose]();
      await disposable.close();
    });
  });
}
