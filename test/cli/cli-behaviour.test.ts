import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUrl, runCliCaptured, visibleLines } from './cli-io.js';

const phases = ['validating', 'connecting', 'introspecting', 'cleaning-up', 'completed'];

describe('datatasks CLI behaviour (runCli in process)', () => {
  let url: string;
  let dir: string;

  beforeAll(async () => {
    url = await demoUrl();
    dir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-cli-config-'));
  }, 60_000);
  afterAll(async () => {
    await rm(path.dirname(url.slice('duckdb:'.length)), { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('on a TTY, shows one line per phase with its counts and elapsed time, and no line twice', async () => {
    const run = await runCliCaptured(['introspect', url], { tty: true });
    expect(run.code, run.stderr).toBe(0);
    const lines = visibleLines(run.stderrRaw);
    expect(new Set(lines).size).toBe(lines.length);
    const shown = lines.map((line) => line.trim().split(/[ :(]/)[0]);
    expect(shown).toEqual(phases.filter((phase) => shown.includes(phase)));
    expect(shown).toEqual(expect.arrayContaining(['connecting', 'introspecting', 'completed']));
    for (const line of lines) expect(line).toMatch(/ {2}\[\d+ ms\]$|\[\d+\.\d s\]$/);
    expect(lines.find((line) => line.includes('completed'))).toMatch(/: 1 database, 3 schemas, 6 tables, 29 columns/);
  });

  it('off a TTY, prints each log line once and rounds the durations it shows', async () => {
    const run = await runCliCaptured(['introspect', url]);
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    expect(run.stderr).toMatch(/"latencyMs":\d+,/);
    expect(run.stdout).toMatch(/\n8 queries in (\d+ ms|\d+\.\d s)\n/);
    const check = await runCliCaptured(['test-connection', url]);
    expect(check.stdout).toMatch(/^ok: duckdb v\d+\.\d+\.\d+ \(\d+ ms\)\n$/);
  });

  it('warns and exits 4 when --schema or --include match nothing', async () => {
    const schema = await runCliCaptured(['introspect', url, '--schema', 'nomatch', '--quiet']);
    expect(schema.code).toBe(4);
    expect(schema.stderr).toContain('warning: no schema matched --schema nomatch');
    const table = await runCliCaptured(['introspect', url, '--include', 'nomatch', '--quiet']);
    expect(table.code).toBe(4);
    expect(table.stderr).toContain('warning: no table or view matched --include nomatch');
    const both = await runCliCaptured(['introspect', url, '--schema', 'shop', '--include', 'nomatch*', '--quiet']);
    expect(both.stderr).toContain('--schema shop --include nomatch*');
    const matching = await runCliCaptured(['introspect', url, '--schema', 'shop', '--include', 'orders', '--quiet']);
    expect(matching.code).toBe(0);
    expect(matching.stderr).toBe('');
  });

  it('reads DATABASE_URL when DATATASKS_URL is unset or empty, and prefers DATATASKS_URL', async () => {
    const fromDatabaseUrl = await runCliCaptured(['test-connection'], { env: { DATABASE_URL: url } });
    expect(fromDatabaseUrl.stdout).toMatch(/^ok: duckdb /);
    const emptyFirst = await runCliCaptured(['test-connection'], { env: { DATATASKS_URL: '', DATABASE_URL: url } });
    expect(emptyFirst.stdout).toMatch(/^ok: duckdb /);
    const both = await runCliCaptured(['test-connection'], { env: { DATATASKS_URL: url, DATABASE_URL: 'ftp://x/y' } });
    expect(both.code).toBe(0);
    const secret = 'db-url-Secret-2291';
    const refused = await runCliCaptured(['test-connection'], {
      env: { DATABASE_URL: `postgres://app:${secret}@127.0.0.1:1/app` },
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^error (HOST_UNREACHABLE|CONNECTION_FAILED): /);
    expect(refused.stdout + refused.stderr).not.toContain(secret);
  });

  it('prints the options of one command with `<command> --help` and `help <command>`, connecting nowhere', async () => {
    const introspect = await runCliCaptured(['introspect', '--help']);
    expect(introspect.code).toBe(0);
    expect(introspect.stdout).toMatch(/^Usage: datatasks introspect /);
    expect(introspect.stdout).toContain('--exclude-schema');
    const testConnection = await runCliCaptured(['test-connection', 'postgres://a:b@127.0.0.1:1/x', '-h']);
    expect(testConnection.code).toBe(0);
    expect(testConnection.stdout).toMatch(/^Usage: datatasks test-connection /);
    expect(testConnection.stdout).not.toContain('--exclude-schema');
    expect((await runCliCaptured(['help', 'introspect'])).stdout).toBe(introspect.stdout);
    const general = await runCliCaptured(['--help']);
    expect(general.stdout).toContain('datatasks <command> --help');
    expect(general.stdout).toContain('130 interrupted (Ctrl-C)');
    const typo = await runCliCaptured(['instrospect']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "instrospect" (did you mean "introspect"?)');
  });

  it('rejects unknown --config keys, naming each key and the closest valid one', async () => {
    const config = async (name: string, value: unknown) => {
      const file = path.join(dir, name);
      await writeFile(file, JSON.stringify(value));
      return runCliCaptured(['test-connection', '--config', file]);
    };
    const typo = await config('typo.json', { type: 'postgres', hots: '127.0.0.1', pasword: 'pw-Secret-19' });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--config hots: unknown key "hots" (did you mean "host"?)');
    expect(typo.stderr).toContain('--config pasword: unknown key "pasword" (did you mean "password"?)');
    expect(typo.stderr).not.toContain('pw-Secret-19');
    const type = await config('type.json', { type: 'postgress', host: 'x' });
    expect(type.stderr).toContain('unknown type "postgress" (did you mean "postgres"?)');
    const nested = await config('nested.json', {
      name: 'shop',
      credentials: { type: 'mysql', host: 'x', ssl: { mdoe: 'require' } },
    });
    expect(nested.stderr).toContain('--config credentials.ssl.mdoe: unknown key "mdoe" (did you mean "mode"?)');
    const wrapper = await config('wrapper.json', { nmae: 'shop', credentials: { type: 'duckdb', path: 'x.duckdb' } });
    expect(wrapper.stderr).toContain('unknown key "nmae" (did you mean "name"?)');
    const valid = await config('valid.json', { name: 'shop', credentials: { type: 'duckdb', path: url.slice(7) } });
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/^ok: shop: duckdb /);
  });

  it('stops at once on abort (Ctrl-C), exits 130, and says so in plain words', async () => {
    const controller = new AbortController();
    controller.abort(new Error('Interrupted (Ctrl-C)'));
    const run = await runCliCaptured(['introspect', url], { signal: controller.signal });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('interrupted: introspect stopped and its connection closed (exit code 130)');
    expect(run.stderr).not.toMatch(/cancelled by its caller|run_/);
  });
});
