/**
 * assembleCatalog numbers columns 1..n (engines leave gaps for dropped columns), except that a row giving its
 * `position` keeps it: MySQL lists only the columns the session may read, at their real positions.
 */
import { describe, expect, it } from 'vitest';
import { assembleCatalog, type ColumnRow } from '../../src/adapters/kernel/assemble-catalog.js';

const key = { database: 'def', schema: 'shop', table: 'customers' };
const column = (name: string, ordinal: number, position?: number): ColumnRow => ({
  ...key,
  name,
  ordinal,
  ...(position !== undefined ? { position } : {}),
  nativeType: 'int',
  nullable: true,
});

function ordinals(columns: ColumnRow[]): Array<[string, number]> {
  const catalog = assembleCatalog(
    { schemas: [{ database: 'def', schema: 'shop' }], relations: [{ ...key, kind: 'table' }], columns },
    { engine: 'mysql', now: new Date(0) },
  );
  return catalog.databases[0]!.schemas[0]!.tables[0]!.columns.map((c) => [c.name, c.ordinal]);
}

describe('assembleCatalog column positions', () => {
  it('renumbers gaps 1..n when rows give no position', () => {
    expect(ordinals([column('id', 1), column('label', 4)])).toEqual([
      ['id', 1],
      ['label', 2],
    ]);
  });

  it('keeps the position a row gives, gaps included, in ordinal order', () => {
    expect(ordinals([column('label', 4, 4), column('id', 1, 1)])).toEqual([
      ['id', 1],
      ['label', 4],
    ]);
  });

  it('ignores a position that is not a positive whole number', () => {
    expect(ordinals([column('a', 1, 0), column('b', 2, Number.NaN), column('c', 3, 2.5)])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
  });
});
