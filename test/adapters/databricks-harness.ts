/** Shared setup of the Databricks tests: the fake Thrift-over-HTTPS warehouse and credentials that reach it. */
import { createServer } from 'node:net';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { type FakeDatabricksOptions, startFakeDatabricks } from '../fakes/databricks/server.js';
import { generateCertificates, type TestCertificates } from '../fakes/databricks/tls.js';

export type { FakeDatabricksServer } from '../fakes/databricks/server.js';

let certificates: Promise<TestCertificates> | undefined;

/** Starts a fake warehouse; the certificates are generated once per test file. */
export async function startDatabricksFake(options: FakeDatabricksOptions = {}) {
  certificates ??= generateCertificates();
  return startFakeDatabricks({ certificates: await certificates, ...options });
}

type Fake = Awaited<ReturnType<typeof startDatabricksFake>>;

export function databricksCredentials(fake: Fake, overrides: Record<string, unknown> = {}): CredentialsInput {
  return {
    type: 'databricks',
    host: '127.0.0.1',
    port: fake.port,
    httpPath: fake.httpPath,
    token: fake.token,
    ca: fake.certificates.ca,
    ...overrides,
  } as CredentialsInput;
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** SQL the fake understands and a real warehouse runs too. */
export const databricksSql = {
  params: {
    sql: 'SELECT :id AS id, :label AS label',
    params: { id: 42, label: 'forty-two' },
    expect: [{ id: 42, label: 'forty-two' }],
  },
  manyRows: 'SELECT id FROM range(5000)',
  slow: 'SELECT count(*) AS n FROM range(1000000000000)',
};
