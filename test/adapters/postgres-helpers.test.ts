/** Unit tests of the pg-wire helpers shared by the PostgreSQL and Redshift adapters (no server needed). */
import { describe, expect, it } from 'vitest';
import { assembleCatalog } from '../../src/adapters/kernel/assemble-catalog.js';
import { nameFilterSql, SqlParams } from '../../src/adapters/kernel/sql-name-filter.js';
import { pgClientConfig, tlsOptions } from '../../src/adapters/pg-wire/connection.js';
import { classifyPgError } from '../../src/adapters/pg-wire/errors.js';
import { numberedKeyGroups } from '../../src/adapters/postgres/catalog-keys.js';
import { relationsQuery } from '../../src/adapters/postgres/catalog-queries.js';
import { parsePgArray, toColumnGroup } from '../../src/adapters/postgres/catalog-rows.js';
import { Catalog } from '../../src/catalog/model.js';
import { ErrorCode } from '../../src/core/errors.js';
import { createRedactor } from '../../src/core/redact.js';

describe('parsePgArray', () => {
  it('reads plain, quoted, escaped and NULL items', () => {
    expect(parsePgArray('{1,2,3}')).toEqual(['1', '2', '3']);
    expect(parsePgArray('{"a b","c,d",NULL,"e\\"f"}')).toEqual(['a b', 'c,d', null, 'e"f']);
    expect(parsePgArray(null)).toEqual([]);
    expect(parsePgArray('{}')).toEqual([]);
  });
});

describe('numberedKeyGroups', () => {
  const group = (table: string, columns: Array<[string, number]>) =>
    toColumnGroup('db', {
      schema: 's',
      table,
      columns: columns.map(([name, attnum]) => [name, attnum, 'int4', null, true, null, null, false, false]),
    });
  const foreignKey = (name: string, refTable: string, refNumbers: string) => ({
    schema: 's',
    table: 'child',
    name,
    type: 'f',
    column_numbers: '1',
    ref_schema: 's',
    ref_table: refTable,
    ref_column_numbers: refNumbers,
    ref_columns: null,
    on_update: 'a',
    on_delete: 'c',
  });

  it('names referenced columns from the columns read, and leaves out a key whose columns are not all there', () => {
    const keys = numberedKeyGroups('db');
    keys.addConstraint(foreignKey('to_parent', 'parent', '3,1'));
    keys.addConstraint(foreignKey('to_gone', 'gone', '1'));
    keys.addConstraint(foreignKey('to_missing_column', 'parent', '2'));
    keys.addConstraint({ ...foreignKey('named_by_server', 'elsewhere', '1'), ref_columns: ['x'] });
    keys.columnsRead(group('child', [['p', 1]]));
    keys.columnsRead(
      group('parent', [
        ['a', 1],
        ['c', 3],
      ]),
    );
    expect(keys.named()[0]!.foreignKeys).toEqual([
      expect.objectContaining({
        name: 'to_parent',
        columns: ['p'],
        referencedTable: 'parent',
        referencedColumns: ['c', 'a'],
      }),
      expect.objectContaining({ name: 'named_by_server', referencedTable: 'elsewhere', referencedColumns: ['x'] }),
    ]);
  });

  it('names keys and indexes whether their columns come before or after them', () => {
    const keys = numberedKeyGroups('db');
    keys.columnsRead(
      group('early', [
        ['a', 1],
        ['b', 2],
      ]),
    );
    keys.addConstraint({ schema: 's', table: 'early', name: 'early_pk', type: 'p', column_numbers: '2,1' });
    keys.addIndex({ schema: 's', table: 'late', name: 'late_idx', unique: false, column_numbers: '2,0', key_count: 2 });
    keys.addConstraint({ schema: 's', table: 'late', name: 'late_u', type: 'u', column_numbers: '1' });
    keys.addConstraint({ schema: 's', table: 'unread', name: 'unread_u', type: 'u', column_numbers: '1' });
    keys.columnsRead(
      group('late', [
        ['x', 1],
        ['y', 2],
      ]),
    );
    const byTable = Object.fromEntries(keys.named().map((g) => [g.table, g]));
    expect(byTable.early!.primaryKey).toEqual({ name: 'early_pk', columns: ['b', 'a'] });
    expect(byTable.late!.indexes).toEqual([expect.objectContaining({ name: 'late_idx', columns: ['y'] })]);
    expect(byTable.late!.uniqueConstraints).toEqual([{ name: 'late_u', columns: ['x'] }]);
    expect(byTable.unread!.uniqueConstraints).toEqual([{ name: 'unread_u', columns: [] }]);
  });

  it('leaves no part of a failed read, named or still waiting for its columns', () => {
    const keys = numberedKeyGroups('db');
    keys.columnsRead(group('t', [['a', 1]]));
    keys.addConstraint({ schema: 's', table: 't', name: 't_pk', type: 'p', column_numbers: '1' });
    keys.addConstraint(foreignKey('to_later', 'later', '1'));
    keys.addIndex({ schema: 's', table: 't', name: 't_idx', unique: false, column_numbers: '1', key_count: 1 });
    expect(() => keys.dropConstraints(new Error('lost'))).toThrow('lost');
    keys.columnsRead(group('later', [['z', 1]]));
    const groups = keys.named();
    expect(groups.every((g) => !g.primaryKey && g.foreignKeys.length === 0 && g.uniqueConstraints.length === 0)).toBe(
      true,
    );
    expect(groups.find((g) => g.table === 't')!.indexes).toEqual([expect.objectContaining({ columns: ['a'] })]);
  });
});

describe('nameFilterSql', () => {
  it('pushes plain and qualified globs as ILIKE parameters', () => {
    const params = new SqlParams();
    const sql = nameFilterSql(
      params,
      { include: ['order*', 'billing.pay?ents'], exclude: ['tmp_%'] },
      'c.relname',
      'q',
    );
    expect(sql).toBe('(c.relname ILIKE $1 OR q ILIKE $2) AND NOT (c.relname ILIKE $3)');
    expect(params.values).toEqual(['order%', 'billing.pay_ents', 'tmp\\_\\%']);
  });

  it('does not narrow the SQL with an include it cannot express', () => {
    const params = new SqlParams();
    expect(nameFilterSql(params, { include: ['db.shop'] }, 'n.nspname')).toBe('TRUE');
    expect(params.values).toEqual([]);
  });

  it('is part of every catalog query', () => {
    const query = relationsQuery({ schemas: { include: ['shop'] }, tables: { exclude: ['orders'] } });
    expect(query.text).toContain('n.nspname ILIKE $1');
    expect(query.text).toContain('NOT (c.relname ILIKE $2)');
    expect(query.values).toEqual(['shop', 'orders']);
  });
});

describe('pgClientConfig', () => {
  it('reads a URL, lets explicit fields win, and maps sslmode', () => {
    const config = pgClientConfig(
      {
        url: 'postgres://u:p%40ss@db.example:6543/sales?sslmode=verify-full',
        database: 'other',
        connectTimeoutMs: 5,
        applicationName: 'x',
      },
      5432,
    );
    expect(config).toMatchObject({ host: 'db.example', port: 6543, user: 'u', password: 'p@ss', database: 'other' });
    expect(config.ssl).toEqual({ rejectUnauthorized: true });
  });

  it('maps each SSL mode', () => {
    expect(tlsOptions(undefined)).toBe(false);
    expect(tlsOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
    const verifyCa = tlsOptions({ mode: 'verify-ca', ca: 'CA' }) as { checkServerIdentity: () => unknown };
    expect(verifyCa).toMatchObject({ ca: 'CA', rejectUnauthorized: true });
    expect(verifyCa.checkServerIdentity()).toBeUndefined();
  });
});

describe('classifyPgError', () => {
  const context = { engine: 'PostgreSQL', operation: 'query', redactor: createRedactor(['H2-s3cret-value']) };
  const classify = (error: object) => classifyPgError(Object.assign(new Error('boom'), error), context);

  it('maps SQLSTATEs and network codes', () => {
    expect(classify({ code: '28P01' }).code).toBe(ErrorCode.AUTH_FAILED);
    expect(classify({ code: '3D000' }).code).toBe(ErrorCode.DATABASE_NOT_FOUND);
    expect(classify({ code: '42501' }).code).toBe(ErrorCode.PERMISSION_DENIED);
    expect(classify({ code: '25006' }).code).toBe(ErrorCode.READ_ONLY_VIOLATION);
    expect(classify({ code: '08006' }).code).toBe(ErrorCode.CONNECTION_FAILED);
    expect(classify({ code: '42P01' }).code).toBe(ErrorCode.QUERY_FAILED);
    expect(classify({ code: 'ECONNREFUSED' }).code).toBe(ErrorCode.HOST_UNREACHABLE);
    expect(classify({ code: 'ENOTFOUND' }).code).toBe(ErrorCode.HOST_UNREACHABLE);
    expect(classify({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }).code).toBe(ErrorCode.TLS_FAILED);
    expect(classify({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' }).code).toBe(ErrorCode.TLS_FAILED);
    expect(classify({ code: 'ETIMEDOUT' }).code).toBe(ErrorCode.TIMEOUT);
  });

  it('masks secrets in the message', () => {
    const error = classifyPgError(new Error('bad value H2-s3cret-value'), context);
    expect(error.message).not.toContain('H2-s3cret-value');
  });
});

describe('assembleCatalog', () => {
  it('nests rows, renumbers column ordinals, and filters again', () => {
    const key = { database: 'db', schema: 's' };
    const catalog = assembleCatalog(
      {
        schemas: [{ database: 'db', schema: 's' }],
        relations: [
          { ...key, table: 'a', kind: 'table', rowCountEstimate: -1 },
          { ...key, table: 'skip_me', kind: 'table' },
        ],
        columns: [
          { ...key, table: 'a', name: 'y', ordinal: 5, nativeType: 'text', nullable: true },
          { ...key, table: 'a', name: 'x', ordinal: 2, nativeType: 'integer', nullable: false },
          { ...key, table: 'ghost', name: 'z', ordinal: 1, nativeType: 'text', nullable: true },
        ],
        constraints: [{ ...key, table: 'a', kind: 'primary', columns: ['x'] }],
      },
      { engine: 'postgres', filters: { tables: { exclude: ['skip*'] } }, now: new Date(0) },
    );
    expect(() => Catalog.parse(catalog)).not.toThrow();
    const table = catalog.databases[0]!.schemas[0]!.tables;
    expect(table.map((t) => t.name)).toEqual(['a']);
    expect(table[0]!.columns.map((c) => [c.name, c.ordinal, c.type])).toEqual([
      ['x', 1, 'integer'],
      ['y', 2, 'text'],
    ]);
    expect(table[0]!.rowCountEstimate).toBeUndefined();
    expect(table[0]!.primaryKey).toEqual({ columns: ['x'] });
  });
});
