/** Contract-suite harness over the fake TDS server (plain TDS 7.4, and TDS 8.0 for the TLS failure). */
import net from 'node:net';
import type { CredentialsInput } from '../../../src/adapters/credentials.js';
import type { AdapterHarness } from '../../contract/test-adapter.js';
import { createTestCertificate } from './certificate.js';
import { type FakeSqlServer, startFakeSqlServer } from './server.js';

export const fakePassword = 'h6-Fake-Passw0rd-9d1c';
export const readerPassword = 'h6-Reader-Passw0rd-77a2';

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const fakeUsers = {
  sa: { password: fakePassword },
  reader: { password: readerPassword, restricted: true },
};

export function fakeSqlServerHarness(): AdapterHarness & { server(): FakeSqlServer } {
  let plain: FakeSqlServer | undefined;
  let strict: FakeSqlServer | undefined;
  let unusedPort = 1;
  const base = (server: FakeSqlServer | undefined): CredentialsInput => ({
    type: 'sqlserver',
    host: '127.0.0.1',
    port: server?.port ?? 1,
    database: 'shop',
    user: 'sa',
    password: fakePassword,
    encrypt: false,
    trustServerCertificate: true,
    applicationName: 'h6-sqlserver-contract',
    connectTimeoutMs: 5000,
  });
  return {
    name: 'sqlserver adapter against the fake TDS server',
    database: 'shop',
    server: () => plain!,
    async setup() {
      plain = await startFakeSqlServer({ users: fakeUsers });
      strict = await startFakeSqlServer({ users: fakeUsers, tls: await createTestCertificate() });
      unusedPort = await closedPort();
    },
    async teardown() {
      await plain?.close();
      await strict?.close();
    },
    credentials: () => base(plain),
    badPassword: () => ({ ...base(plain), password: 'h6-wrong-password-5e0f' }),
    unreachable: () => ({ ...base(plain), port: unusedPort }),
    // TDS 8.0 verifies the certificate whatever trustServerCertificate says; the fake's is self-signed.
    tlsFailure: () => ({ ...base(strict), encrypt: 'strict' }),
    missingDatabase: () => ({ ...base(plain), database: 'h6_missing_database' }),
    restricted: () => ({ ...base(plain), user: 'reader', password: readerPassword }),
    sql: {
      params: {
        sql: 'SELECT @p1 AS answer, @p2 AS label',
        params: [42, 'forty-two'],
        expect: [{ answer: 42, label: 'forty-two' }],
      },
      manyRows: 'SELECT value AS n FROM GENERATE_SERIES(1, 5000)',
      slow: "WAITFOR DELAY '00:00:30'",
    },
    openConnections: async () => plain?.openConnections() ?? 0,
    runningStatements: async () => plain?.runningStatements() ?? 0,
    requestCount: () => plain?.requestCount ?? 0,
    optionalParts: {
      target: () => ({ host: '127.0.0.1', port: plain!.port }),
      through: (proxy) => ({ ...base(plain), host: proxy.host, port: proxy.port }),
      // TDS carries SQL text as UTF-16LE; each optional statement starts with its name comment
      // (src/adapters/sqlserver/catalog-queries.ts).
      markers: Object.fromEntries(
        ['keys', 'indexes', 'partitions'].map((part) => [part, Buffer.from(`-- datatasks:${part}`, 'utf16le')]),
      ),
    },
  };
}
