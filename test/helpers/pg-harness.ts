/**
 * Contract harness for PostgreSQL: a private cluster (password auth and TLS, which the shared trust-auth server
 * lacks) loaded with the shop fixture, a restricted role, and a unique application name to count sessions.
 */
import { randomBytes } from 'node:crypto';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import type { AdapterHarness } from '../contract/test-adapter.js';
import { fixtureRows, restrictedRoleDdl } from '../fixtures/ddl/postgres.js';
import { fixtureTable } from '../fixtures/shop-fixture.js';
import { adminExec, countRunning, countSessions, createFixtureDatabase, type TestDatabase, uniqueName } from './pg.js';
import { freePort, type PrivateCluster, startPrivateCluster } from './pg-cluster.js';

export interface PgHarnessOptions {
  name: string;
  type: 'postgres' | 'redshift';
  /** Statements run in the fixture database after the fixture (e.g. Redshift stub views). */
  extraStatements?: string[];
  /** Declarative partitions in the fixture. @default true */
  partitions?: boolean;
}

export interface PgHarness extends AdapterHarness {
  cluster(): PrivateCluster;
}

const postgresParts = {
  constraints: 'FROM pg_constraint con',
  indexes: 'FROM pg_index ix',
  partitions: 'FROM pg_partitioned_table pt',
  'column statistics': 'FROM pg_stats s',
};
const redshiftParts = {
  'external schemas': 'FROM svv_external_schemas e',
  'external tables': 'FROM svv_external_tables x',
  'view definitions': 'pg_get_viewdef(c.oid, true) AS definition',
  constraints: 'FROM information_schema.table_constraints tc',
};

export function pgHarness(options: PgHarnessOptions): PgHarness {
  const applicationName = uniqueName(`${options.type}_contract`);
  const password = `H2-contract-${randomBytes(8).toString('hex')}`;
  const restrictedRole = uniqueName('reader');
  const restrictedPassword = `H2-reader-${randomBytes(8).toString('hex')}`;
  let cluster: PrivateCluster | undefined;
  let database: TestDatabase | undefined;
  let closedPort = 1;
  const customers = fixtureRows(fixtureTable('shop', 'customers'));

  const base = (): CredentialsInput & { type: 'postgres' | 'redshift' } => ({
    type: options.type,
    host: '127.0.0.1',
    port: cluster!.port,
    database: database!.name,
    user: 'postgres',
    password,
    applicationName,
    connectTimeoutMs: 5000,
  });

  return {
    name: options.name,
    get database() {
      return database?.name ?? '';
    },
    cluster: () => cluster!,
    async setup() {
      cluster = await startPrivateCluster({ clientCertUser: 'h2_cert' });
      await adminExec(cluster, 'postgres', [`ALTER ROLE postgres PASSWORD '${password}'`]);
      database = await createFixtureDatabase(cluster, 'contract', {
        partitions: options.partitions ?? true,
        extraStatements: [...restrictedRoleDdl(restrictedRole, restrictedPassword), ...(options.extraStatements ?? [])],
      });
      closedPort = await freePort();
    },
    async teardown() {
      await cluster?.stop();
    },
    credentials: base,
    badPassword: () => ({ ...base(), password: 'H2-wrong-password-123' }),
    unreachable: () => ({ ...base(), port: closedPort }),
    tlsFailure: () => ({ ...base(), ssl: { mode: 'verify-full', ca: cluster!.tls.otherCaCert } }),
    missingDatabase: () => ({ ...base(), database: 'h2_no_such_database' }),
    restricted: () => ({ ...base(), user: restrictedRole, password: restrictedPassword }),
    sql: {
      params: {
        sql: 'SELECT id, email FROM shop.customers WHERE id = $1 OR email = $2 ORDER BY id',
        params: [1, customers[2]!.email],
        expect: [
          { id: 1, email: customers[0]!.email },
          { id: 3, email: customers[2]!.email },
        ],
      },
      manyRows: 'SELECT g AS n FROM generate_series(1, 5000) AS g',
      slow: 'SELECT pg_sleep(30)',
      write: 'CREATE TABLE shop.h2_must_not_exist (id integer)',
      insert: {
        sql: "INSERT INTO shop.products (id, sku, name, price, active) VALUES (999, 'h2-dry', 'h2', 1.00, true)",
        count: 'SELECT count(*) AS n FROM shop.products',
      },
    },
    optionalParts: {
      target: () => ({ host: '127.0.0.1', port: cluster!.port }),
      through: (proxy) => ({ ...base(), host: proxy.host, port: proxy.port }),
      // Text unique to each optional part's catalog statement (src/adapters/postgres/catalog-queries.ts, redshift/catalog-queries.ts).
      markers: options.type === 'postgres' ? postgresParts : redshiftParts,
      options: { columnStats: true },
    },
    openConnections: () => countSessions(cluster!, applicationName),
    runningStatements: () => countRunning(cluster!, applicationName),
  };
}
