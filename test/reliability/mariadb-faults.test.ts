import { mariadbAddress } from '../helpers/mysql.js';
import { defineFaultSuite } from './fault-suite.js';
import { createMariadbScratch, type MariadbScratch } from './mariadb-scratch.js';

let scratch: MariadbScratch | undefined;
const need = (): MariadbScratch => {
  if (!scratch) throw new Error('the MariaDB scratch database was not created');
  return scratch;
};

defineFaultSuite(
  {
    label: 'MariaDB',
    address: mariadbAddress,
    setup: async () => {
      scratch = await createMariadbScratch('faults');
    },
    teardown: async () => {
      await scratch?.drop();
    },
    credentials: (extra = {}) => need().credentials(extra),
    serverSessions: () => need().openConnections(),
    knownBugs: {
      hangOnCutMidResult:
        'mysql runStatement: when the connection is lost in the middle of a result, mysql2 reports it only on the ' +
        "connection ('error' PROTOCOL_CONNECTION_LOST, swallowed by the pool's listener), never on the query stream, " +
        'so `for await (row of command.stream())` never ends: introspect, the task (even past options.timeoutMs) ' +
        'and the abort all hang',
      hangOnStalledRead:
        'mysql runStatement: an abort or timeout during a statement on a hung server never settles (KILL QUERY ' +
        'cannot reach the client and the stream is never destroyed)',
    },
  },
  20261123,
);
