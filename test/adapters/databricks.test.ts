/** The shared adapter contract, run against the fake Thrift-over-HTTPS warehouse with the real @databricks/sql. */
import { testAdapter } from '../contract/test-adapter.js';
import {
  closedPort,
  databricksCredentials,
  databricksSql,
  type FakeDatabricksServer,
  startDatabricksFake,
} from './databricks-harness.js';

let fake: FakeDatabricksServer;
let unreachablePort = 0;

testAdapter({
  name: 'databricks (fake Thrift TCLIService over HTTPS, real @databricks/sql)',
  async setup() {
    fake = await startDatabricksFake();
    unreachablePort = await closedPort();
  },
  async teardown() {
    await fake?.stop();
  },
  credentials: () => databricksCredentials(fake),
  badPassword: () => databricksCredentials(fake, { token: 'dapi-h7-wrong-token-0000' }),
  unreachable: () => databricksCredentials(fake, { port: unreachablePort }),
  tlsFailure: () => databricksCredentials(fake, { ca: fake.certificates.otherCa }),
  missingDatabase: () => databricksCredentials(fake, { catalog: 'datatasks_h7_no_such_catalog' }),
  restricted: () => databricksCredentials(fake, { token: fake.restrictedToken }),
  database: 'h7_fixture',
  sql: databricksSql,
  openConnections: async () => fake.openSessions(),
  runningStatements: async () => fake.runningStatements(),
  requestCount: () => fake.count(),
  skip: {
    uniques: 'Unity Catalog has no UNIQUE constraints, only informational PRIMARY KEY and FOREIGN KEY',
    restricted:
      'Unity Catalog filters information_schema by privilege: an unreadable schema is absent, with no error to report (databricks-adapter.test.ts checks it is absent and that reading it is PERMISSION_DENIED)',
  },
});
