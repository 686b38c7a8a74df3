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
  },
  20261123,
);
