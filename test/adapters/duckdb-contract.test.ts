import path from 'node:path';
import { testAdapter } from '../contract/test-adapter.js';
import { createDuckDbFixture, type DuckDbFixture, trackedDuckDb } from '../helpers/duckdb.js';

const tracked = trackedDuckDb();
let fixture: DuckDbFixture | undefined;
const file = () => {
  if (!fixture) throw new Error('fixture not set up');
  return fixture.file;
};

testAdapter({
  name: 'duckdb adapter contract',
  setup: async () => {
    fixture = await createDuckDbFixture();
  },
  teardown: async () => {
    await fixture?.remove();
  },
  credentials: () => ({ type: 'duckdb', path: file() }),
  // A read-only open of a file that does not exist (a read-write open would create it).
  missingDatabase: () => ({ type: 'duckdb', path: path.join(path.dirname(file()), 'missing.duckdb'), readOnly: true }),
  database: 'warehouse',
  sql: {
    params: {
      sql: 'SELECT id, email FROM shop.customers WHERE id > $1 AND email <> $2 ORDER BY id',
      params: [2, 'email_4'],
      expect: [
        { id: 3, email: 'email_3' },
        { id: 5, email: 'email_5' },
      ],
    },
    manyRows: 'SELECT range AS n FROM range(5000)',
    slow: 'SELECT count(*) AS n FROM range(1000000000000) AS t(a) WHERE a % 7 = 8',
    insert: {
      sql: "INSERT INTO shop.products (id, sku, name, price, active) VALUES (997, 'dry', 'dry', 1.00, true)",
      count: 'SELECT count(*) AS n FROM shop.products',
    },
  },
  openConnections: async () => tracked.open(),
  adapterOptions: () => ({ driver: tracked.driver }),
  skip: { crossSchemaForeignKeys: 'DuckDB cannot declare a foreign key across schemas' },
});
