import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, catalogJsonSchema } from '../../src/catalog/model.js';
import { adminExec, createFixtureDatabase, dropRoles, sharedServer, type TestDatabase } from '../helpers/pg.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'dist', 'cli.js');

/** Runs the built bin as a user would, with no TTY, and collects its output and exit code. */
function cli(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('datatasks CLI (built bin, as a subprocess)', () => {
  let cwd: string;
  let database: TestDatabase;
  const restricted = `dt_cli_ro_${process.pid}`;
  const password = 'cli-Secret-pw-7731';
  const pgUrl = (user = 'postgres') => `postgres://${user}:${password}@127.0.0.1:5432/${database.name}`;

  beforeAll(async () => {
    // CI builds before testing; a local `npm test` on a fresh checkout builds here once.
    if (!existsSync(bin)) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
    cwd = await mkdtemp(path.join(os.tmpdir(), 'datatasks-cli-'));
    database = await createFixtureDatabase(sharedServer, 'cli');
    await adminExec(sharedServer, database.name, [
      `CREATE ROLE ${restricted} LOGIN`,
      `GRANT USAGE ON SCHEMA shop, billing TO ${restricted}`,
    ]);
  }, 180_000);
  afterAll(async () => {
    await database?.drop();
    await dropRoles(sharedServer, [restricted]);
    await rm(cwd, { recursive: true, force: true });
  });

  it('introspects the bundled demo with no source, as JSON valid against the catalog JSON Schema', async () => {
    const result = await cli(['introspect', '--json', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { success: boolean; catalog: unknown; dataSource: { type: string } };
    expect(output).toMatchObject({ success: true, dataSource: { type: 'duckdb' } });
    const validate = new Ajv2020({ strict: false }).compile(catalogJsonSchema());
    expect(validate(output.catalog), JSON.stringify(validate.errors)).toBe(true);
    const tables = JSON.stringify(output.catalog);
    expect(tables).toContain('customer_lifetime_value');
    expect(existsSync(path.join(cwd, '.datatasks', 'demo.duckdb'))).toBe(true);
  });

  it('--field-values adds the values of low-cardinality text columns to the catalog', async () => {
    const result = await cli(['introspect', '--json', '--quiet', '--field-values'], { cwd });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { catalog: Catalog };
    expect(new Ajv2020({ strict: false }).compile(catalogJsonSchema())(output.catalog)).toBe(true);
    const payments = output.catalog.databases[0]?.schemas
      .find((schema) => schema.name === 'billing')
      ?.tables.find((table) => table.name === 'payments');
    expect(payments?.columns.find((column) => column.name === 'method')?.fieldValues).toEqual({
      values: ['bank_transfer', 'card', 'paypal'],
      complete: true,
      source: 'query',
    });
    // Emails are never collected.
    expect(JSON.stringify(output.catalog)).not.toMatch(/customer1@example\.com/);
  });

  it('prints a summary by default and writes markdown to a file with --out', async () => {
    const summary = await cli(['introspect'], { cwd });
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/demo\.shop\n(.*\n)*\s+orders \[table\] 4 columns, 1 fk/);
    const out = path.join(cwd, 'catalog.md');
    const markdown = await cli(['introspect', '--markdown', '--out', out, '--max-tokens', '2000'], { cwd });
    expect(markdown.code).toBe(0);
    expect(await readFile(out, 'utf8')).toMatch(/orders/);
  });

  it('reads a PostgreSQL source from a URL and from --config, with filters, and never prints the password', async () => {
    const fromUrl = await cli(['introspect', pgUrl(), '--json', '--schema', 'shop', '--exclude', 'order_*'], { cwd });
    expect(fromUrl.code).toBe(0);
    const catalog = JSON.stringify(JSON.parse(fromUrl.stdout).catalog);
    expect(catalog).toContain('"customers"');
    expect(catalog).not.toContain('"order_items"');
    expect(catalog).not.toContain('"payments"');
    const config = path.join(cwd, 'source.json');
    await writeFile(
      config,
      JSON.stringify({
        type: 'postgres',
        host: '127.0.0.1',
        port: 5432,
        database: database.name,
        user: 'postgres',
        password,
      }),
    );
    const fromConfig = await cli(['test-connection', '--config', config], { cwd });
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stdout).toMatch(/^ok: postgres \d+/);
    for (const result of [fromUrl, fromConfig]) expect(result.stdout + result.stderr).not.toContain(password);
  });

  it('exits 2 on invalid input, 3 on a connection failure, 4 on a partial result', async () => {
    const invalid = await cli(['introspect', 'ftp://nowhere/x'], { cwd });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/INVALID_INPUT/);
    const unknownFlag = await cli(['introspect', '--frobnicate'], { cwd });
    expect(unknownFlag.code).toBe(2);
    const refused = await cli(['introspect', `postgres://postgres:${password}@127.0.0.1:1/x`, '--attempts', '1'], {
      cwd,
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/HOST_UNREACHABLE|CONNECTION_FAILED/);
    expect(refused.stderr).not.toContain(password);
    const partial = await cli(['introspect', pgUrl(restricted), '--quiet'], { cwd });
    expect(partial.code).toBe(4);
    expect(partial.stdout).toMatch(/warning PERMISSION_DENIED/);
  });

  it('prints usage with --help and the version with --version', async () => {
    const help = await cli(['--help'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/datatasks introspect/);
    const version = await cli(['--version'], { cwd });
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).version);
  });
});
