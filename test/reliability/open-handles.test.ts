/** A child process running faulty introspections must exit by itself: no leaked timer, socket or pool. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';

const script = path.join(import.meta.dirname, 'child', 'faulty-introspections.ts');
const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');

describe('open handles', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createFixtureDatabase(sharedServer, 'h10child');
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  });

  it('a process that ran faulty introspections exits on its own before the deadline', async () => {
    const child = spawn(tsx, [script], {
      env: { ...process.env, H10_CHILD_DATABASE: database.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const deadlineMs = 45_000;
    const exit = await new Promise<{ code: number | null; timedOut: boolean }>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ code: null, timedOut: true });
      }, deadlineMs);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, timedOut: false });
      });
    });
    expect(output).toMatch(/CHILD-DONE refuse:\w+ cut:\w+ stall:TIMEOUT abort:(ABORTED|TIMEOUT|ok) clean:ok/);
    expect(exit).toEqual({ code: 0, timedOut: false });
  }, 60_000);
});
