import { randomBytes } from 'node:crypto';
import { countSessions, createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import { defineFaultSuite } from './fault-suite.js';

let database: TestDatabase | undefined;
const application = `h10_faults_${randomBytes(3).toString('hex')}`;

defineFaultSuite(
  {
    label: 'PostgreSQL',
    address: { host: sharedServer.host, port: sharedServer.port },
    setup: async () => {
      database = await createFixtureDatabase(sharedServer, 'h10faults');
    },
    teardown: async () => {
      await database?.drop();
    },
    credentials: (extra = {}) => ({
      type: 'postgres',
      host: sharedServer.host,
      port: sharedServer.port,
      user: sharedServer.user,
      password: `pw-h10-${randomBytes(4).toString('hex')}`,
      database: database?.name,
      applicationName: application,
      ...extra,
    }),
    // Prefix match: also counts the adapter's "-cancel" side sessions.
    serverSessions: () => countSessions(sharedServer, application),
  },
  20261122,
);
