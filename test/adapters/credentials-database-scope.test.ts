/**
 * A database named by the credentials (a field, or a URL's path) scopes introspection to it, unless the filters say
 * otherwise: on the real MariaDB (two databases of this file's own), and on Snowflake's fake.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntrospectOptions } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { scopeToCredentialsDatabase } from '../../src/adapters/credential-scope.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import type { FakeSnowflake } from '../fakes/snowflake/index.js';
import { snowflakeCredentials, startSnowflakeFake } from './snowflake-harness.js';

describe('scopeToCredentialsDatabase', () => {
  it('includes only the named database when the filters include none at that level', () => {
    expect(scopeToCredentialsDatabase({}, 'shop', 'schemas')).toEqual({ schemas: { include: ['shop'] } });
    expect(scopeToCredentialsDatabase({ schemas: { exclude: ['tmp'] } }, 'shop', 'schemas')).toEqual({
      schemas: { exclude: ['tmp'], include: ['shop'] },
    });
    expect(scopeToCredentialsDatabase({ tables: { include: ['t*'] } }, 'SHOPDB', 'databases')).toEqual({
      tables: { include: ['t*'] },
      databases: { include: ['SHOPDB'] },
    });
  });

  it('leaves the filters alone when they include names, or when no database is named', () => {
    const explicit: IntrospectOptions[] = [
      { databases: { include: ['*'] } },
      { schemas: { include: ['other'] } },
      { databases: { include: ['crm'] }, schemas: { exclude: ['x'] } },
    ];
    for (const options of explicit) expect(scopeToCredentialsDatabase(options, 'shop', 'schemas')).toBe(options);
    expect(scopeToCredentialsDatabase({}, undefined, 'databases')).toEqual({});
    expect(scopeToCredentialsDatabase({}, '', 'databases')).toEqual({});
  });

  it('matches a name with glob characters or a dot as itself, never as a pattern or a qualified name', () => {
    const [glob] = scopeToCredentialsDatabase({}, 'a.b*c?', 'databases').databases!.include!;
    expect(glob).toBe('a?b?c?');
    expect(glob).not.toMatch(/[*.]/);
  });
});

const root = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
const tag = randomBytes(4).toString('hex');
// `_` is a LIKE wildcard: the second name differs from the first only where the first has one.
const first = `dt_c14_${tag}_a`;
const second = `dt_c14_${tag}xa`;

describe('mysql: the database of the credentials scopes introspection', () => {
  beforeAll(async () => {
    const connection = await mysql.createConnection(root);
    try {
      for (const database of [first, second]) {
        await connection.query(`CREATE DATABASE \`${database}\``);
        await connection.query(`CREATE TABLE \`${database}\`.items (id INT PRIMARY KEY, name VARCHAR(40))`);
      }
      await connection.query(`CREATE TABLE \`${second}\`.extra (id INT PRIMARY KEY)`);
    } finally {
      await connection.end();
    }
  });
  afterAll(async () => {
    const connection = await mysql.createConnection(root);
    try {
      for (const database of [first, second]) await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
    } finally {
      await connection.end();
    }
  });

  async function schemasOf(credentials: CredentialsInput, options: IntrospectOptions = {}) {
    const adapter = await createAdapter(credentials);
    try {
      const catalog = await adapter.introspect(options);
      const schemas = catalog.databases.flatMap((database) => database.schemas);
      return {
        names: schemas.map((schema) => schema.name).sort(),
        tables: schemas.reduce((sum, schema) => sum + schema.tables.length, 0),
      };
    } finally {
      await adapter.close();
    }
  }

  const url = (database: string) => `mysql://root@127.0.0.1:3306/${database}`;

  it('a URL naming a database lists only it', async () => {
    const scoped = await schemasOf({ type: 'mysql', url: url(first) });
    expect(scoped).toEqual({ names: [first], tables: 1 });
    const other = await schemasOf({ type: 'mysql', url: url(second) });
    expect(other).toEqual({ names: [second], tables: 2 });
  });

  it('so does the database field', async () => {
    expect(await schemasOf({ type: 'mysql', ...root, database: first })).toEqual({ names: [first], tables: 1 });
  });

  it('explicit filters win: a databases include, or a schemas include', async () => {
    const everything = await schemasOf({ type: 'mysql', url: url(first) }, { databases: { include: ['*'] } });
    expect(everything.names).toEqual(expect.arrayContaining([first, second]));
    const chosen = await schemasOf({ type: 'mysql', url: url(first) }, { schemas: { include: [second] } });
    expect(chosen).toEqual({ names: [second], tables: 2 });
  });

  it('an exclude narrows the default scope instead of replacing it', async () => {
    const narrowed = await schemasOf({ type: 'mysql', url: url(first) }, { schemas: { exclude: [first] } });
    expect(narrowed).toEqual({ names: [], tables: 0 });
  });

  it('without a database, every database is read, as before', async () => {
    const all = await schemasOf({ type: 'mysql', ...root });
    expect(all.names).toEqual(expect.arrayContaining([first, second]));
  });
});

describe('snowflake: the database of the credentials scopes introspection', () => {
  let fake: FakeSnowflake;
  beforeAll(async () => {
    fake = await startSnowflakeFake();
  });
  afterAll(async () => {
    await fake.close();
  });

  async function introspect(credentials: CredentialsInput, options: IntrospectOptions = {}) {
    const adapter = await createAdapter(credentials);
    try {
      const before = fake.statements().length;
      const catalog = await adapter.introspect({ includeSystemSchemas: true, ...options });
      const shows = fake
        .statements()
        .slice(before)
        .map((statement) => statement.sqlText ?? '')
        .filter((sql) => /^SHOW (SCHEMAS|TABLES)/.test(sql));
      return { databases: catalog.databases.map((database) => database.name), shows };
    } finally {
      await adapter.close();
    }
  }

  it('reads only the credentials database, in the database', async () => {
    const scoped = await introspect(snowflakeCredentials(fake));
    expect(scoped.databases).toEqual(['SHOPDB']);
    expect(scoped.shows).toEqual(['SHOW SCHEMAS IN DATABASE SHOPDB', 'SHOW TABLES IN DATABASE SHOPDB']);
  });

  it('reads the account when the filters include databases, or the credentials name none', async () => {
    const explicit = await introspect(snowflakeCredentials(fake), { databases: { include: ['*'] } });
    expect(explicit.databases).toEqual(['SHOPDB', 'SNOWFLAKE']);
    const unnamed = await introspect(snowflakeCredentials(fake, { database: undefined }));
    expect(unnamed.databases).toEqual(['SHOPDB', 'SNOWFLAKE']);
    expect(unnamed.shows.every((sql) => sql.endsWith('IN ACCOUNT'))).toBe(true);
  });
});
