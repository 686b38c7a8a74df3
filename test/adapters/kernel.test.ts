import { describe, expect, it, vi } from 'vitest';
import type { QueryResult } from '../../src/adapters/adapter.js';
import { defineAdapter, type EngineDefinition } from '../../src/adapters/kernel/define-adapter.js';
import { isFatalForOptionalPart, readOptionalPart } from '../../src/adapters/kernel/optional-part.js';
import type { CatalogWarning } from '../../src/catalog/model.js';
import { DatataskError, ErrorCode, toDatataskError } from '../../src/core/errors.js';
import { pinnedCapabilities } from '../contract/pinned-capabilities.js';

const empty: QueryResult = { columns: [], rows: [], truncated: false };

/** An engine whose statements wait for their signal: what close() does to work in flight shows. */
function waitingEngine(overrides: Partial<EngineDefinition<{ id: number }>> = {}) {
  const calls = { open: 0, end: 0, endedWhileRunning: false, running: 0 };
  const engine: EngineDefinition<{ id: number }> = {
    name: 'Fake',
    type: 'postgres',
    capabilities: { ...pinnedCapabilities.postgres, dryRun: false, sandboxRole: false },
    open: async () => ({ id: ++calls.open }),
    end: async () => {
      calls.end++;
      calls.endedWhileRunning = calls.running > 0;
    },
    statementCount: () => 0,
    testConnection: async () => ({ ok: true, latencyMs: 0, serverVersion: '1' }),
    query: (_client, _sql, _params, options) =>
      new Promise((resolve, reject) => {
        calls.running++;
        const settle = () => {
          calls.running--;
          reject(options.signal.reason);
        };
        if (options.maxRows === 0) {
          calls.running--;
          resolve(empty);
        }
        options.signal.addEventListener('abort', settle, { once: true });
      }),
    introspect: async () => {
      throw new Error('not used');
    },
    ...overrides,
  };
  return { engine, calls };
}

describe('defineAdapter', () => {
  it('opens once, lazily, and tries again after a failed open', async () => {
    let attempts = 0;
    const { engine } = waitingEngine({
      open: async () => {
        attempts++;
        if (attempts === 1) throw new DatataskError(ErrorCode.HOST_UNREACHABLE, 'down');
        return { id: attempts };
      },
    });
    const adapter = defineAdapter(engine);
    expect(attempts).toBe(0);
    await expect(adapter.testConnection()).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
    await adapter.testConnection();
    await adapter.testConnection();
    expect(attempts).toBe(2);
    await adapter.close();
  });

  it('close() aborts the work in flight, waits for it, then ends the client once', async () => {
    const { engine, calls } = waitingEngine();
    const adapter = defineAdapter(engine);
    const running = adapter.query('SELECT slow');
    // Handled from the start: it fails during close(), before the check below looks at it.
    running.catch(() => undefined);
    await vi.waitFor(() => expect(calls.running).toBe(1));
    await adapter.close();
    await expect(running).rejects.toMatchObject({ code: 'ABORTED' });
    expect(calls).toMatchObject({ end: 1, endedWhileRunning: false, running: 0 });
    await adapter.close();
    expect(calls.end).toBe(1);
    await expect(adapter.query('SELECT 1')).rejects.toMatchObject({ code: 'CONNECTION_FAILED', retriable: false });
  });

  it('an aborted signal rejects at once and opens nothing; closing an unopened adapter ends nothing', async () => {
    const { engine, calls } = waitingEngine();
    const adapter = defineAdapter(engine);
    await expect(adapter.query('SELECT 1', undefined, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'ABORTED',
    });
    await adapter.close();
    expect(calls).toMatchObject({ open: 0, end: 0 });
  });

  it('refuses a dry run or a sandbox role the engine cannot honour, and bad options, before opening', async () => {
    const { engine, calls } = waitingEngine();
    const adapter = defineAdapter(engine);
    await expect(adapter.query('INSERT INTO t VALUES (1)', undefined, { dryRun: true })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
    });
    await expect(adapter.query('SELECT 1', undefined, { sandbox: { role: 'reader' } })).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
    });
    const invalid = await adapter.query('SELECT 1', undefined, { maxRows: -1, timeoutMs: 0 }).catch((e) => e);
    expect(invalid).toMatchObject({ code: 'INVALID_INPUT' });
    expect(invalid.message).toMatch(/maxRows/);
    expect(invalid.message).toMatch(/timeoutMs/);
    expect(calls.open).toBe(0);
    await expect(adapter.query('SELECT 1', undefined, { maxRows: 0 })).resolves.toEqual(empty);
    await adapter.close();
  });
});

describe('the optional-part rule', () => {
  const classify = (error: unknown) => toDatataskError(error);
  const codes = Object.values(ErrorCode);

  it('turns only permission, query and not-supported failures into warnings', () => {
    const warned = codes.filter((code) => !isFatalForOptionalPart(new DatataskError(code, 'x')));
    expect(warned.sort()).toEqual(['NOT_SUPPORTED', 'PERMISSION_DENIED', 'QUERY_FAILED']);
    expect(isFatalForOptionalPart(new TypeError('a bug'))).toBe(true);
    expect(isFatalForOptionalPart(new DatataskError(ErrorCode.QUERY_FAILED, 'x'), AbortSignal.abort())).toBe(true);
  });

  it('records the warning with its scope, and rethrows a lost connection typed', async () => {
    const warnings: CatalogWarning[] = [];
    const denied = new DatataskError(ErrorCode.PERMISSION_DENIED, 'no access to pg_index');
    await expect(
      readOptionalPart({ warnings, classify }, 'indexes', () => Promise.reject(denied), []),
    ).resolves.toEqual([]);
    expect(warnings).toEqual([{ code: 'PERMISSION_DENIED', message: 'no access to pg_index', scope: 'indexes' }]);
    const lost = new DatataskError(ErrorCode.CONNECTION_FAILED, 'connection lost');
    await expect(readOptionalPart({ warnings, classify }, 'indexes', () => Promise.reject(lost), [])).rejects.toBe(
      lost,
    );
    expect(warnings).toHaveLength(1);
  });
});
