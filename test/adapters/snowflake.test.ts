/** The shared adapter contract, run against the fake Snowflake REST server with the real snowflake-sdk. */

import { testAdapter } from '../contract/test-adapter.js';
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

testAdapter({
  name: 'snowflake (fake REST server, real snowflake-sdk)',
  async setup() {
    fake = await startSnowflakeFake();
    unreachablePort = await closedPort();
  },
  async teardown() {
    await fake?.close();
  },
  credentials: () => snowflakeCredentials(fake),
  badPassword: () => snowflakeCredentials(fake, { password: 'sf-wrong-Pa55word-h4' }),
  unreachable: () => snowflakeCredentials(fake, { accessUrl: `http://127.0.0.1:${unreachablePort}` }),
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
