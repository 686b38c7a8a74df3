import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/** The examples are documentation: each one runs here as a user would run it. */
describe('examples', () => {
  let cwd: string;
  let database: TestDatabase;
  beforeAll(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'datatasks-examples-'));
    database = await createFixtureDatabase(sharedServer, 'examples');
  });
  afterAll(async () => {
    await database?.drop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('demo.ts (npm run demo) builds and introspects the demo shop', async () => {
    const { stdout } = await run(tsx, [path.join(root, 'examples', 'demo.ts')], { cwd });
    expect(stdout).toMatch(/demo shop: DuckDB .*, 3 schemas, 6 tables and views, 29 columns/);
    expect(stdout).toMatch(
      /shop\.order_items \[table\] 5 columns pk\(order_id, line_no\) fk\(order_id\) -> shop\.orders/,
    );
  });

  it('progress.ts reports events and progress of an in-process run', async () => {
    const { stdout } = await run(tsx, [path.join(root, 'examples', 'progress.ts')], { cwd });
    expect(stdout).toMatch(/start introspect-data/);
    expect(stdout).toMatch(/phase=introspecting/);
    expect(stdout).toMatch(/done ok=true/);
    expect(stdout).toMatch(/6 tables, 29 columns, 0 warnings/);
  });

  it('analyst.ts says clearly that it needs ANTHROPIC_API_KEY', async () => {
    const env = { ...process.env };
    delete env.ANTHROPIC_API_KEY;
    const failure = await run(tsx, [path.join(root, 'examples', 'analyst.ts')], { cwd, env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toMatch(/set ANTHROPIC_API_KEY/);
  });

  it('node-app.ts introspects PostgreSQL and renders a prompt excerpt', async () => {
    const { stdout } = await run(tsx, [path.join(root, 'examples', 'node-app.ts')], {
      cwd,
      env: { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database.name}` },
    });
    expect(stdout).toMatch(/read \d+ tables with \d+ queries/);
    expect(stdout).toMatch(/### (billing|shop)\.\w+ \(/);
  });
});
