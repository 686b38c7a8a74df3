/**
 * A private, throwaway PostgreSQL cluster (initdb + pg_ctl from the local PostgreSQL install) with TLS and
 * password authentication, which the shared server (trust auth, no TLS) cannot offer. Started on a free port,
 * owned by the `postgres` OS user when the tests run as root, removed by `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PgServer } from './pg.js';
import { generateTlsFiles, type TlsFiles } from './tls-certs.js';

const binDir = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export interface PrivateCluster extends PgServer {
  dir: string;
  tls: TlsFiles;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function osUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/** Runs a PostgreSQL binary, as the postgres OS user when we are root (the server refuses to run as root). */
function pgBin(command: string, args: string[]): void {
  const path = join(binDir, command);
  if (process.getuid?.() === 0) execFileSync('runuser', ['-u', 'postgres', '--', path, ...args], { stdio: 'pipe' });
  else execFileSync(path, args, { stdio: 'pipe' });
}

/** Whether a private cluster can be started here (binaries present). */
export const canStartCluster = (): boolean => existsSync(join(binDir, 'initdb'));

export async function startPrivateCluster(options: { clientCertUser: string }): Promise<PrivateCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'h2-pg-'));
  const owner = osUser();
  const tlsDir = join(dir, 'tls');
  mkdirSync(tlsDir);
  const tls = generateTlsFiles(tlsDir, options.clientCertUser);
  if (owner) {
    for (const path of [dir, tlsDir, tls.paths.serverKey, tls.paths.serverCert, tls.paths.ca]) {
      chownSync(path, owner.uid, owner.gid);
    }
  }
  const data = join(dir, 'data');
  const port = await freePort();
  try {
    pgBin('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    writeFileSync(
      join(data, 'pg_hba.conf'),
      [
        'local all all trust',
        `hostssl all ${options.clientCertUser} 127.0.0.1/32 cert`,
        `hostssl all ${options.clientCertUser} ::1/128 cert`,
        'host all all 127.0.0.1/32 scram-sha-256',
        'host all all ::1/128 scram-sha-256',
        '',
      ].join('\n'),
    );
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        `port = ${port}`,
        "listen_addresses = 'localhost'",
        `unix_socket_directories = '${dir}'`,
        'ssl = on',
        `ssl_cert_file = '${tls.paths.serverCert}'`,
        `ssl_key_file = '${tls.paths.serverKey}'`,
        `ssl_ca_file = '${tls.paths.ca}'`,
        'fsync = off',
        'max_connections = 40',
        'shared_buffers = 16MB',
        '',
      ].join('\n'),
    );
    pgBin('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    adminHost: dir,
    dir,
    tls,
    async stop() {
      try {
        pgBin('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
