/**
 * MariaDB test environment of the MySQL adapter tests: per-file users (so connection counts of parallel test files do
 * not mix), and the shop fixture, whose databases (shop, billing, vault) only these tests touch. Files that load the
 * fixture take a server-side named lock first, so they never rebuild it under each other.
 */
import mysql from 'mysql2/promise';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { mysqlFixtureDatabases, mysqlFixtureStatements, quote } from '../fixtures/ddl/mysql.js';

export const mariadbAddress = { host: '127.0.0.1', port: 3306 } as const;
const fixtureLock = 'datatasks_h3_mysql_shop_fixture';
/** Longer than a whole test file that holds the fixture, so a waiting file does not give up. */
const lockWaitSeconds = 600;

export function adminConnection(): Promise<mysql.Connection> {
  return mysql.createConnection({ ...mariadbAddress, user: 'root', password: '', multipleStatements: false });
}

export interface MysqlTestEnv {
  /** The full-access user of this test file. */
  user: string;
  password: string;
  restrictedUser: string;
  restrictedPassword: string;
  credentials(extra?: Partial<Extract<CredentialsInput, { type: 'mysql' }>>): CredentialsInput;
  restrictedCredentials(): CredentialsInput;
  /** Creates the users; with `fixture`, takes the fixture lock and (re)builds shop, billing and vault. */
  setup(options?: { fixture?: boolean }): Promise<void>;
  teardown(): Promise<void>;
  admin(): mysql.Connection;
  openConnections(): Promise<number>;
  runningStatements(): Promise<number>;
}

export function createMysqlTestEnv(tag: string): MysqlTestEnv {
  const user = `dt_h3_${tag}`;
  const restrictedUser = `dt_h3_${tag}_ro`;
  const password = `pw-${tag}-Secret-41x9`;
  const restrictedPassword = `pw-${tag}-ReadOnly-77q2`;
  let admin: mysql.Connection | undefined;
  let lockHolder: mysql.Connection | undefined;
  let fixtureLoaded = false;

  const need = (): mysql.Connection => {
    if (!admin) throw new Error('MysqlTestEnv.setup() was not called');
    return admin;
  };
  const dropUsers = async (connection: mysql.Connection) => {
    await connection.query(`DROP USER IF EXISTS ${literalUser(user)}, ${literalUser(restrictedUser)}`);
  };
  const count = async (extra: string): Promise<number> => {
    const [rows] = await need().query<mysql.RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? ${extra}`,
      [user],
    );
    return Number(rows[0]?.n ?? 0);
  };

  return {
    user,
    password,
    restrictedUser,
    restrictedPassword,
    credentials: (extra = {}) => ({
      type: 'mysql',
      ...mariadbAddress,
      user,
      password,
      applicationName: user,
      ...extra,
    }),
    restrictedCredentials: () => ({
      type: 'mysql',
      ...mariadbAddress,
      user: restrictedUser,
      password: restrictedPassword,
    }),
    admin: need,
    openConnections: () => count(''),
    runningStatements: () => count(`AND COMMAND = 'Query'`),

    async setup(options = {}) {
      admin = await adminConnection();
      await dropUsers(admin);
      await admin.query(`CREATE USER ${literalUser(user)} IDENTIFIED BY ?`, [password]);
      await admin.query(`GRANT ALL PRIVILEGES ON *.* TO ${literalUser(user)}`);
      await admin.query(`CREATE USER ${literalUser(restrictedUser)} IDENTIFIED BY ?`, [restrictedPassword]);
      // Sees every database name (so vault is listed) but reads only shop and billing.
      await admin.query(`GRANT SHOW DATABASES ON *.* TO ${literalUser(restrictedUser)}`);
      if (!options.fixture) return;
      lockHolder = await adminConnection();
      const [locked] = await lockHolder.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [
        fixtureLock,
        lockWaitSeconds,
      ]);
      if (Number(locked[0]?.got) !== 1) throw new Error('could not take the MySQL fixture lock');
      fixtureLoaded = true;
      for (const statement of mysqlFixtureStatements()) await admin.query(statement);
      for (const database of ['shop', 'billing']) {
        await admin.query(`GRANT SELECT, SHOW VIEW ON ${quote(database)}.* TO ${literalUser(restrictedUser)}`);
      }
    },

    async teardown() {
      try {
        if (admin) {
          if (fixtureLoaded) {
            for (const database of [...mysqlFixtureDatabases].reverse()) {
              await admin.query(`DROP DATABASE IF EXISTS ${quote(database)}`);
            }
          }
          await dropUsers(admin);
        }
      } finally {
        await lockHolder?.query('SELECT RELEASE_LOCK(?)', [fixtureLock]).catch(() => undefined);
        await lockHolder?.end();
        await admin?.end();
        admin = undefined;
        lockHolder = undefined;
        fixtureLoaded = false;
      }
    },
  };
}

function literalUser(name: string): string {
  return `'${name.replace(/'/g, "''")}'@'%'`;
}
