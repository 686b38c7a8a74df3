import { testAdapter } from '../contract/test-adapter.js';
import { createMysqlTestEnv } from '../helpers/mysql.js';

const env = createMysqlTestEnv('contract');

testAdapter({
  name: 'mysql adapter (MariaDB) contract',
  setup: () => env.setup({ fixture: true }),
  teardown: () => env.teardown(),
  credentials: () => env.credentials(),
  badPassword: () => env.credentials({ password: 'wrong-Password-h3c' }),
  unreachable: () => env.credentials({ port: 1 }),
  // The local server has TLS off: asking for it fails the handshake.
  tlsFailure: () => env.credentials({ ssl: { mode: 'require' } }),
  missingDatabase: () => env.credentials({ database: 'dt_h3_missing_database' }),
  restricted: () => env.restrictedCredentials(),
  // No database in the credentials: the catalog database is information_schema's "def".
  database: 'def',
  sql: {
    params: {
      sql: 'SELECT id, email FROM shop.customers WHERE id > ? AND email <> ? ORDER BY id',
      params: [2, 'email_4'],
      expect: [
        { id: 3, email: 'email_3' },
        { id: 5, email: 'email_5' },
      ],
    },
    manyRows: 'SELECT seq FROM shop.seq_1_to_5000',
    slow: 'SELECT SLEEP(30) AS slept',
    write: "INSERT INTO shop.products (id, sku, name, price, active) VALUES (999, 'h3', 'h3', 1.00, TRUE)",
    insert: {
      sql: "INSERT INTO shop.products (id, sku, name, price, active) VALUES (998, 'h3-dry', 'h3', 1.00, TRUE)",
      count: 'SELECT COUNT(*) AS n FROM shop.products',
    },
  },
  optionalParts: {
    target: () => ({ host: '127.0.0.1', port: 3306 }),
    through: (proxy) => ({ ...env.credentials(), host: proxy.host, port: proxy.port }),
    // Text unique to each optional part's statement (src/adapters/mysql/catalog-queries.ts).
    markers: {
      views: 'FROM information_schema.VIEWS',
      indexes: 'FROM information_schema.STATISTICS',
      partitions: 'FROM information_schema.PARTITIONS',
      'foreign keys (InnoDB dictionary)': 'FROM information_schema.INNODB_SYS_FOREIGN_COLS',
      'table statistics (InnoDB dictionary)': 'FROM information_schema.INNODB_SYS_TABLESTATS',
      'column statistics': 'mysql.column_stats',
    },
    options: { columnStats: true },
  },
  openConnections: () => env.openConnections(),
  runningStatements: () => env.runningStatements(),
  skip: { viewComments: 'MySQL and MariaDB views cannot carry a comment' },
});
