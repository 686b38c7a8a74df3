/**
 * Helpers for tests against PostgreSQL: the shared local server (127.0.0.1:5432, trust auth) or a private cluster
 * (test/helpers/pg-cluster.ts). Every database and role made here carries the `h2_` prefix and a random part, so
 * tests running at the same time on the same server do not collide.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type PostgresDdlOptions, postgresFixtureDdl } from '../fixtures/ddl/postgres.js';

export interface PgServer {
  host: string;
  port: number;
  /** A superuser who can connect without a password from the test process. */
  user: string;
  /** Host for admin connections (a socket directory for private clusters). */
  adminHost?: string;
}

export const sharedServer: PgServer = { host: '127.0.0.1', port: 5432, user: 'postgres' };

export const uniqueName = (prefix: string): string => `h2_${prefix}_${randomBytes(4).toString('hex')}`;

/** Runs statements one by one as the admin user in `database`. */
export async function adminExec(server: PgServer, database: string, statements: string[]): Promise<void> {
  const client = new pg.Client({
    host: server.adminHost ?? server.host,
    port: server.port,
    user: server.user,
    database,
  });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** One value from a query run as the admin user. */
export async function adminValue<T>(server: PgServer, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({
    host: server.adminHost ?? server.host,
    port: server.port,
    user: server.user,
    database: 'postgres',
    application_name: 'h2-admin',
  });
  await client.connect();
  try {
    const { rows } = await client.query(sql, params);
    return Object.values(rows[0] ?? {})[0] as T;
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a unique name; `drop()` removes it even with sessions still open. */
export async function createTestDatabase(server: PgServer, prefix: string): Promise<TestDatabase> {
  const name = uniqueName(prefix);
  await adminExec(server, 'postgres', [`CREATE DATABASE ${name}`]);
  return { name, drop: () => adminExec(server, 'postgres', [`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
}

/** Creates a database and loads the shop fixture into it. */
export async function createFixtureDatabase(
  server: PgServer,
  prefix: string,
  options: PostgresDdlOptions & { extraStatements?: string[] } = {},
): Promise<TestDatabase> {
  const database = await createTestDatabase(server, prefix);
  try {
    await adminExec(server, database.name, [...postgresFixtureDdl(options), ...(options.extraStatements ?? [])]);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/** Sessions (any state) whose application_name starts with `applicationName`. */
export function countSessions(server: PgServer, applicationName: string): Promise<number> {
  return adminValue<number>(
    server,
    "SELECT count(*)::int FROM pg_stat_activity WHERE application_name LIKE $1 || '%' AND pid <> pg_backend_pid()",
    [applicationName],
  );
}

/** Statements still running for sessions of `applicationName`. */
export function countRunning(server: PgServer, applicationName: string): Promise<number> {
  return adminValue<number>(
    server,
    "SELECT count(*)::int FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND pid <> pg_backend_pid()",
    [applicationName],
  );
}

/** Drops roles created by a test (after the databases that reference them). */
export async function dropRoles(server: PgServer, roles: string[]): Promise<void> {
  await adminExec(
    server,
    'postgres',
    roles.map((role) => `DROP ROLE IF EXISTS "${role}"`),
  );
}
