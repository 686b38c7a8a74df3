/** --config is checked whole before anything connects: strict credentials, the username alias, exit code 2. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfigKeys } from '../../src/cli/config-file.js';
import { runCliCaptured } from './cli-io.js';

describe('datatasks --config', () => {
  let dir: string;
  let server: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-cli-config-strict-'));
    // Counts the connections a run opens; closes each at once (the run then fails to connect, exit 3).
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const run = async (name: string, value: unknown) => {
    const file = path.join(dir, name);
    await writeFile(file, JSON.stringify(value));
    return runCliCaptured(['test-connection', '--config', file]);
  };

  it('rejects an unknown key before any connection opens, exit 2, without the secret under it', async () => {
    const before = connections;
    const typo = await run('typo.json', {
      name: 'shop',
      credentials: {
        type: 'mysql',
        host: '127.0.0.1',
        port,
        user: 'ann',
        pasword: 'pw-Secret-88x',
        connectTimeoutMS: 5,
      },
    });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--config credentials.pasword: unknown key "pasword" (did you mean "password"?)');
    expect(typo.stderr).toContain(
      '--config credentials.connectTimeoutMS: unknown key "connectTimeoutMS" (did you mean "connectTimeoutMs"?)',
    );
    expect(typo.stderr).not.toContain('pw-Secret-88x');
    expect(connections).toBe(before);
  });

  it('reports the other credentials problems there too, before connecting', async () => {
    const before = connections;
    const missing = await run('missing.json', { type: 'postgres', port, user: 'ann' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--config host: host is required for postgres (or give url)');
    expect(connections).toBe(before);
  });

  it('takes username as the user and connects with it', async () => {
    const before = connections;
    const alias = await run('alias.json', { type: 'mysql', host: '127.0.0.1', port, username: 'ann' });
    // The counting server hangs up: a connection failure, after one connection at least.
    expect(alias.code, alias.stderr).toBe(3);
    expect(connections).toBeGreaterThan(before);
    const both = await run('both.json', { type: 'mysql', host: '127.0.0.1', port, username: 'ann', user: 'bob' });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--config username: give user or username (an alias of user), not both');
  });

  it('checks the keys of the wrapper, the credentials and their nested objects, but not a Google key file', () => {
    expect(
      checkConfigKeys({
        name: 'bq',
        credentials: {
          type: 'bigquery',
          projectId: 'p',
          serviceAccountKey: { client_email: 'a@b', private_key: 'k', token_uri: 'https://t', private_key_id: 'x' },
        },
      }),
    ).toEqual([]);
    expect(checkConfigKeys({ name: 1, credentials: { type: 'duckdb', path: 'x.duckdb', readonly: true } })).toEqual([
      { path: 'name', message: 'name must be a string', code: 'invalid_type' },
      {
        path: 'credentials.readonly',
        message: 'unknown key "readonly" (did you mean "readOnly"?)',
        code: 'unrecognized_keys',
      },
    ]);
  });
});
