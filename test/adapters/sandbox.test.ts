/**
 * The adapters' sandboxed query path on the real servers: byte caps, session state that does not survive, and the
 * least-privilege report. (The hostile corpora in test/reliability run the sandbox against every attack class.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { mysqlPrivileges } from '../../src/adapters/mysql/privileges.js';
import { capResultBytes } from '../../src/adapters/result-caps.js';

describe('sandboxed queries on PostgreSQL', () => {
  let adapter: Adapter;
  beforeAll(async () => {
    adapter = await createAdapter({
      type: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      database: 'test',
      user: 'postgres',
    });
  });
  afterAll(() => adapter?.close());

  it("caps a 10 MB cell and the result's bytes", async () => {
    const big = await adapter.query("SELECT repeat('x', 10000000) AS x", [], { sandbox: true });
    const cell = String(big.rows[0]?.x);
    expect(cell.length).toBeLessThan(70_000);
    expect(cell).toMatch(/truncated: 10000000 bytes/);
    const many = await adapter.query("SELECT repeat('y', 1000) AS y FROM generate_series(1, 5000)", [], {
      sandbox: true,
      maxResultBytes: 100_000,
    });
    expect(many.truncated).toBe(true);
    expect(many.rows.length).toBeLessThanOrEqual(100);
    // Without the sandbox nothing is cut.
    const plain = await adapter.query("SELECT repeat('x', 100000) AS x");
    expect(String(plain.rows[0]?.x)).toHaveLength(100_000);
  });

  it('leaves no session state behind: settings, advisory locks, search_path', async () => {
    await adapter.query("SELECT set_config('application_name', 'tainted', false), pg_advisory_lock(4242)", [], {
      sandbox: true,
    });
    const after = await adapter.query(
      "SELECT current_setting('application_name') AS app, current_setting('search_path') AS path, " +
        "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())::int AS locks",
    );
    expect(after.rows[0]).toEqual({ app: 'datatasks', path: '"$user", public', locks: 0 });
    const inside = await adapter.query("SELECT current_setting('search_path') AS path", [], { sandbox: true });
    expect(inside.rows[0]?.path).toBe('pg_catalog');
  });

  it('reports a superuser as not read-only', async () => {
    const report = await adapter.checkPrivileges!();
    expect(report.readOnly).toBe(false);
    expect(report.findings.map((finding) => finding.code)).toContain('SUPERUSER');
  });
});

describe('sandboxed queries on DuckDB', () => {
  it('locks external access for the adapter and caps cells', async () => {
    const adapter = await createAdapter({ type: 'duckdb', path: ':memory:' });
    try {
      const before = await adapter.query("SELECT current_setting('enable_external_access') AS v");
      expect(String(before.rows[0]?.v)).toBe('true');
      const big = await adapter.query("SELECT repeat('x', 1000000) AS x", [], { sandbox: true, maxCellBytes: 1000 });
      expect(String(big.rows[0]?.x)).toMatch(/^x{1000}… \[truncated: 1000000 bytes\]$/);
      const after = await adapter.query("SELECT current_setting('enable_external_access') AS v");
      expect(String(after.rows[0]?.v)).toBe('false');
      await expect(adapter.query("SELECT * FROM read_text('/etc/hostname')")).rejects.toThrow(/disabled/);
    } finally {
      await adapter.close();
    }
  });
});

describe('least privilege and caps (units)', () => {
  it('reads MySQL grants into findings', () => {
    expect(mysqlPrivileges(['GRANT SELECT, SHOW VIEW ON `shop`.* TO `ro`@`%`'])).toEqual({
      readOnly: true,
      findings: [],
    });
    const root = mysqlPrivileges(['GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION']);
    expect(root.findings.map((f) => f.code).sort()).toEqual(['GRANT_OPTION', 'SUPERUSER']);
    const owner = mysqlPrivileges([
      'GRANT USAGE ON *.* TO `u`@`%`',
      'GRANT FILE ON *.* TO `u`@`%`',
      'GRANT ALL PRIVILEGES ON `db`.* TO `u`@`%`',
    ]);
    expect(owner.findings.map((f) => f.code).sort()).toEqual(['FILE_ACCESS', 'WRITE']);
  });

  it('caps bytes without touching results that fit', () => {
    const result = { columns: [{ name: 'a', type: 'text' }], rows: [{ a: 'short' }], truncated: false };
    expect(capResultBytes(result, { sandbox: true })).toBe(result);
    const binary = capResultBytes({ ...result, rows: [{ a: Buffer.alloc(5000) }] }, { maxCellBytes: 10 });
    expect(binary.rows[0]?.a).toBe('[binary value of 5000 bytes, truncated]');
  });
});
