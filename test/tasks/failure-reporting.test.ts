import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection } from '../../src/adapters/check-connection.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { DatataskError } from '../../src/core/errors.js';
import { ensureDemoDatabase } from '../../src/demo/demo-database.js';
import { runIntrospection } from '../../src/run-introspection.js';

const secret = 'report-Secret-5531';

describe('checkConnection and runIntrospection report failure the same way', () => {
  let dir: string;
  let demo: CredentialsInput;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-report-'));
    demo = await ensureDemoDatabase({ file: path.join(dir, 'demo.duckdb') });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const failing: [string, CredentialsInput, RegExp][] = [
    ['invalid credentials', { type: 'postgres', port: 5432, password: secret } as CredentialsInput, /^INVALID_INPUT$/],
    [
      'a closed port',
      { type: 'postgres', host: '127.0.0.1', port: 1, user: 'u', password: secret, database: 'x' },
      /^(HOST_UNREACHABLE|CONNECTION_FAILED)$/,
    ],
    [
      'a rejected password (MariaDB root has none)',
      { type: 'mysql', host: '127.0.0.1', port: 3306, user: 'root', password: secret },
      /^AUTH_FAILED$/,
    ],
  ];

  for (const [label, credentials, code] of failing) {
    it(`${label}: { success: false, error: { code, message } }, redacted, from both`, async () => {
      const check = await checkConnection(credentials);
      const run = await runIntrospection(credentials, { maxAttempts: 1 });
      expect(check.success).toBe(false);
      expect(run.success).toBe(false);
      if (check.success) return;
      expect(check.error.code).toMatch(code);
      expect(run.error?.code).toBe(check.error.code);
      expect(Object.keys(check.error).sort()).toEqual(Object.keys(run.error ?? {}).sort());
      expect(JSON.stringify(check)).not.toContain(secret);
      expect(JSON.stringify(run)).not.toContain(secret);
    });
  }

  it('throws the typed error from both with throwOnError', async () => {
    const credentials: CredentialsInput = { type: 'postgres', host: '127.0.0.1', port: 1, user: 'u', database: 'x' };
    const checkError = await checkConnection(credentials, { throwOnError: true }).catch((error: unknown) => error);
    const runError = await runIntrospection(credentials, { maxAttempts: 1, throwOnError: true }).catch(
      (error: unknown) => error,
    );
    expect(checkError).toBeInstanceOf(DatataskError);
    expect(runError).toBeInstanceOf(DatataskError);
    expect((checkError as DatataskError).code).toBe((runError as DatataskError).code);
  });

  it('succeeds with success: true and a rounded latency', async () => {
    const check = await checkConnection(demo);
    expect(check).toMatchObject({ success: true, ok: true, type: 'duckdb' });
    if (check.success) expect(Number.isInteger(check.latencyMs)).toBe(true);
  });

  it('runIntrospection calls onProgress once per change, never twice in a row with the same progress', async () => {
    const events: string[] = [];
    const result = await runIntrospection(demo, {
      onProgress: ({ phase, step, counts }) => events.push(JSON.stringify([phase, step, counts])),
    });
    expect(result.success).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(4);
    events.forEach((event, index) => {
      if (index > 0) expect(event).not.toBe(events[index - 1]);
    });
    const phases = events.map((event) => (JSON.parse(event) as [string])[0]);
    expect([...new Set(phases)]).toEqual(['validating', 'connecting', 'introspecting', 'cleaning-up', 'completed']);
  });
});
