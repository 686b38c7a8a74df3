/** A throwaway CA and a server certificate for 127.0.0.1/localhost, generated with the openssl CLI. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  ca: string;
  /** PEM of another CA that signed nothing here: trusting only it makes the handshake fail. */
  otherCa: string;
  cert: string;
  key: string;
}

async function makeCa(dir: string, name: string): Promise<void> {
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    path.join(dir, `${name}.key`),
    '-out',
    path.join(dir, `${name}.pem`),
    '-subj',
    `/CN=datatasks-h7-${name}`,
  ]);
}

export async function generateCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(path.join(tmpdir(), 'datatasks-h7-tls-'));
  try {
    await makeCa(dir, 'ca');
    await makeCa(dir, 'other-ca');
    await writeFile(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await run('openssl', [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'server.key'),
      '-out',
      path.join(dir, 'server.csr'),
      '-subj',
      '/CN=localhost',
    ]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      path.join(dir, 'server.csr'),
      '-CA',
      path.join(dir, 'ca.pem'),
      '-CAkey',
      path.join(dir, 'ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      path.join(dir, 'san.ext'),
      '-out',
      path.join(dir, 'server.pem'),
    ]);
    const read = (name: string) => readFile(path.join(dir, name), 'utf8');
    return {
      ca: await read('ca.pem'),
      otherCa: await read('other-ca.pem'),
      cert: await read('server.pem'),
      key: await read('server.key'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
