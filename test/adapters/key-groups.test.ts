/**
 * The kernel's key groups: keys and indexes filed by relation as their rows arrive, in model shape, and used as they
 * are by assembleCatalog. The same rows given flat or grouped give the same tables.
 */
import { describe, expect, it } from 'vitest';
import {
  assembleCatalog,
  type CatalogRows,
  type ConstraintRow,
  type IndexRow,
} from '../../src/adapters/kernel/assemble-catalog.js';
import { keyGroups } from '../../src/adapters/kernel/key-groups.js';

const a = { database: 'd', schema: 's', table: 'a' };
const b = { database: 'd', schema: 's', table: 'b' };
const constraints: ConstraintRow[] = [
  { ...a, name: 'a_check', kind: 'check', columns: ['x'], expression: 'CHECK (x > 0)' },
  { ...a, name: 'a_pkey', kind: 'primary', columns: ['id'] },
  { ...b, name: 'b_fk', kind: 'foreign', columns: ['a_id'], referencedTable: 'a', referencedColumns: ['id'] },
  // Back to a after b: still a's group.
  { ...a, name: 'a_u', kind: 'unique', columns: ['x', 'y'] },
  { ...a, name: 'a_nocheck', kind: 'check', columns: [], expression: null },
  { ...b, name: 'b_fk_unknown', kind: 'foreign', columns: ['z'], referencedTable: null, referencedColumns: [] },
  { ...b, name: null, kind: 'check', columns: [], expression: 'CHECK (true)' },
];
const indexes: IndexRow[] = [
  { ...a, name: 'a_pkey', columns: ['id'], unique: true, primary: true, method: 'btree' },
  { ...b, name: 'b_expr', columns: [], unique: false, method: 'btree', definition: 'CREATE INDEX b_expr ON s.b ((1))' },
];
const base = (): CatalogRows => ({
  schemas: [{ database: 'd', schema: 's' }],
  relations: [
    { ...a, kind: 'table' },
    { ...b, kind: 'table' },
  ],
  columns: [
    { ...a, name: 'id', nativeType: 'int', nullable: false },
    { ...b, name: 'a_id', nativeType: 'int', nullable: true },
  ],
});
const tables = (rows: CatalogRows) => assembleCatalog(rows, { engine: 'postgres' }).databases[0]!.schemas[0]!.tables;

describe('keyGroups', () => {
  it('files rows by relation, arriving together or not, and leaves out what the model cannot hold', () => {
    const keys = keyGroups();
    const added = constraints.map((row) => keys.addConstraint(row));
    for (const row of indexes) keys.addIndex(row);
    const groups = keys.groups();
    expect(groups.map((group) => group.table)).toEqual(['a', 'b']);
    expect(added.map((entry) => entry?.group.table)).toEqual(['a', 'a', 'b', 'a', undefined, undefined, 'b']);
    const [groupA, groupB] = groups;
    expect(groupA).toMatchObject({
      primaryKey: { name: 'a_pkey', columns: ['id'] },
      uniqueConstraints: [{ name: 'a_u', columns: ['x', 'y'] }],
      checkConstraints: [{ name: 'a_check', expression: 'CHECK (x > 0)', columns: ['x'] }],
      foreignKeys: [],
    });
    // A foreign key's schema defaults to its own; a CHECK without columns and a key without a name omit them.
    expect(groupB!.foreignKeys).toEqual([
      { name: 'b_fk', columns: ['a_id'], referencedSchema: 's', referencedTable: 'a', referencedColumns: ['id'] },
    ]);
    expect(groupB!.checkConstraints).toEqual([{ expression: 'CHECK (true)' }]);
    expect(groupB!.indexes).toEqual([
      { name: 'b_expr', columns: [], unique: false, method: 'btree', definition: 'CREATE INDEX b_expr ON s.b ((1))' },
    ]);
  });

  it('returns each part, so columns named later land in the catalog', () => {
    const keys = keyGroups();
    const pkey = keys.addConstraint({ ...a, name: 'a_pkey', kind: 'primary', columns: [] });
    const index = keys.addIndex({ ...a, name: 'a_i', columns: [], unique: false });
    pkey!.part.columns = ['id'];
    index.part.columns = ['id'];
    const [table] = tables({ ...base(), keyGroups: keys.groups() });
    expect(table!.primaryKey).toEqual({ name: 'a_pkey', columns: ['id'] });
    expect(table!.indexes).toEqual([{ name: 'a_i', columns: ['id'], unique: false }]);
  });

  it('gives assembleCatalog the same tables as flat rows, and rows for a grouped relation add to its group', () => {
    const flat = tables({ ...base(), constraints, indexes });
    const keys = keyGroups();
    for (const row of constraints) keys.addConstraint(row);
    for (const row of indexes) keys.addIndex(row);
    expect(tables({ ...base(), keyGroups: keys.groups() })).toEqual(flat);

    const some = keyGroups();
    for (const row of constraints.slice(0, 3)) some.addConstraint(row);
    some.addIndex(indexes[0]!);
    const mixed = tables({
      ...base(),
      keyGroups: some.groups(),
      constraints: constraints.slice(3),
      indexes: indexes.slice(1),
    });
    expect(mixed).toEqual(flat);
    // Keys come in the model's order: the primary key before the CHECK constraints.
    expect(Object.keys(tables({ ...base(), keyGroups: keys.groups() })[0]!)).toEqual([
      'name',
      'kind',
      'columns',
      'foreignKeys',
      'uniqueConstraints',
      'indexes',
      'primaryKey',
      'checkConstraints',
    ]);
  });
});

describe('assembleCatalog by relation', () => {
  it('keeps apart relations with the same schema and table names in different databases', () => {
    const other = { ...a, database: 'e' };
    const keys = keyGroups();
    keys.addConstraint({ ...a, name: 'a_pkey', kind: 'primary', columns: ['id'] });
    keys.addConstraint({ ...other, name: 'e_pkey', kind: 'primary', columns: ['eid'] });
    const catalog = assembleCatalog(
      {
        databases: [{ name: 'd' }, { name: 'e' }],
        schemas: [
          { database: 'd', schema: 's' },
          { database: 'e', schema: 's' },
        ],
        relations: [
          { ...a, kind: 'table' },
          { ...other, kind: 'view' },
        ],
        columns: [
          { ...a, name: 'id', nativeType: 'int', nullable: false },
          { ...other, name: 'eid', nativeType: 'int', nullable: false },
        ],
        keyGroups: keys.groups(),
      },
      { engine: 'snowflake' },
    );
    const [d, e] = catalog.databases.map((database) => database.schemas[0]!.tables[0]!);
    expect([d!.kind, d!.columns.map((c) => c.name), d!.primaryKey?.name]).toEqual(['table', ['id'], 'a_pkey']);
    expect([e!.kind, e!.columns.map((c) => c.name), e!.primaryKey?.name]).toEqual(['view', ['eid'], 'e_pkey']);
  });
});
