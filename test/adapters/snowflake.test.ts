/** The shared adapter contract, run against the fake Snowflake REST server with the real snowflake-sdk. */

import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { testAdapter } from '../contract/test-adapter.js';
import { generateCertificates } from '../fakes/databricks/tls.js';
import type { FakeSnowflake } from '../fakes/snowflake/index.js';
import {
  closedPort,
  sfRestrictedPassword,
  snowflakeCredentials,
  snowflakeRoundTrips,
  startSnowflakeFake,
} from './snowflake-harness.js';

let fake: FakeSnowflake;
let unreachablePort = 0;
// An HTTPS endpoint whose certificate no system CA signed: the driver's TLS handshake must fail (TLS_FAILED).
let untrusted: https.Server | undefined;
let untrustedPort = 0;

testAdapter({
  name: 'snowflake (fake REST server, real snowflake-sdk)',
  async setup() {
    fake = await startSnowflakeFake();
    unreachablePort = await closedPort();
    const { cert, key } = await generateCertificates();
    untrusted = https.createServer({ cert, key }, (_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => untrusted!.listen(0, '127.0.0.1', resolve));
    untrustedPort = (untrusted.address() as AddressInfo).port;
  },
  async teardown() {
    await fake?.close();
    await new Promise<void>((resolve) => (untrusted ? untrusted.close(() => resolve()) : resolve()));
  },
  credentials: () => snowflakeCredentials(fake),
  badPassword: () => snowflakeCredentials(fake, { password: 'sf-wrong-Pa55word-h4' }),
  unreachable: () => snowflakeCredentials(fake, { accessUrl: `http://127.0.0.1:${unreachablePort}` }),
  tlsFailure: () => snowflakeCredentials(fake, { accessUrl: `https://127.0.0.1:${untrustedPort}` }),
  missingDatabase: () => snowflakeCredentials(fake, { database: 'DATATASKS_H4_NO_SUCH_DB' }),
  restricted: () => snowflakeCredentials(fake, { user: 'DT_H4_RESTRICTED', password: sfRestrictedPassword }),
  database: 'SHOPDB',
  sql: {
    params: { sql: 'SELECT ? AS "n", ? AS "s"', params: [42, 'hello'], expect: [{ n: 42, s: 'hello' }] },
    manyRows: 'SELECT SEQ4() AS N FROM TABLE(GENERATOR(ROWCOUNT => 5000))',
    slow: 'CALL SYSTEM$WAIT(60)',
  },
  openConnections: async () => fake.openSessions(),
  runningStatements: async () => fake.runningStatements(),
  requestCount: () => snowflakeRoundTrips(fake),
  skip: {
    restricted:
      "Snowflake's SHOW commands list only objects the role holds a privilege on: an unreadable schema is invisible, not an error, so there is nothing to warn about",
  },
});
