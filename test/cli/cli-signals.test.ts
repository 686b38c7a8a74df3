import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'dist', 'cli.js');

/** A server that accepts connections and never answers: a run against it waits until it is interrupted. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  let closedByClient = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closedByClient++;
      sockets.delete(socket);
    });
    socket.on('error', () => {});
    // Read (and drop) what the client sends, or its close would never surface as 'end'/'close'.
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    closed: () => closedByClient,
    open: () => sockets.size,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts the built bin, sends `signals` SIGINTs once `connected()` holds, and collects the outcome. */
function interruptedRun(args: string[], cwd: string, signals: number, connected: () => boolean) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // Polls for the connection (an event the test cannot otherwise see); no timing is asserted.
    const poll = setInterval(() => {
      if (!connected()) return;
      clearInterval(poll);
      for (let index = 0; index < signals; index++) child.kill('SIGINT');
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stderr });
    });
  });
}

describe('datatasks CLI and Ctrl-C (built bin, as a subprocess)', () => {
  let cwd: string;
  let server: Awaited<ReturnType<typeof silentServer>>;

  beforeAll(async () => {
    if (!existsSync(bin)) execFileSync('npx', ['tsup'], { cwd: root, stdio: 'ignore' });
    cwd = await mkdtemp(path.join(os.tmpdir(), 'datatasks-cli-signals-'));
    server = await silentServer();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('Ctrl-C stops the run, closes its connection, exits 130 and says so in plain words', async () => {
    const url = `postgres://app:signal-Secret-83@127.0.0.1:${server.port}/app`;
    const result = await interruptedRun(['introspect', url, '--attempts', '1'], cwd, 1, () => server.open() > 0);
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toContain('stopping (Ctrl-C again to quit at once)');
    expect(result.stderr).toContain('interrupted: introspect stopped and its connection closed (exit code 130)');
    expect(result.stderr).not.toMatch(/cancelled by its caller|run_[a-z0-9]/);
    expect(result.stderr).not.toContain('signal-Secret-83');
    // The run's connection was open when Ctrl-C came, and none is left (the close may reach the server just after
    // the exit, hence the wait).
    await expect.poll(() => server.open()).toBe(0);
    expect(server.closed()).toBe(1);
  });

  it('a second Ctrl-C quits at once, still with exit code 130', async () => {
    const url = `postgres://app:pw@127.0.0.1:${server.port}/app`;
    const result = await interruptedRun(['introspect', url, '--attempts', '1'], cwd, 2, () => server.open() > 0);
    expect(result.code, result.stderr).toBe(130);
  });
});
