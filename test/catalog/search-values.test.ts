import { describe, expect, it } from 'vitest';
import type { Catalog, Column, Table, TypeFamily } from '../../src/catalog/model.js';
import { createCatalogIndex } from '../../src/catalog/search.js';
import { questionWords, stem } from '../../src/catalog/tokenize.js';

type ColumnSpec = [name: string, type?: TypeFamily, values?: string[], comment?: string];

function table(name: string, columns: ColumnSpec[], references: Array<[column: string, target: string]> = []): Table {
  return {
    name,
    kind: 'table',
    columns: columns.map(
      ([column, type = 'text', values, comment], i): Column => ({
        name: column,
        ordinal: i + 1,
        nativeType: type,
        type,
        nullable: true,
        ...(comment ? { comment } : {}),
        ...(values ? { fieldValues: { values, complete: true, source: 'query' as const } } : {}),
      }),
    ),
    primaryKey: { columns: [columns[0]![0]] },
    foreignKeys: references.map(([column, target]) => ({
      columns: [column],
      referencedSchema: 'public',
      referencedTable: target,
      referencedColumns: ['id'],
    })),
    uniqueConstraints: [],
    indexes: [],
  };
}

function catalogOf(tables: Table[]): Catalog {
  return {
    formatVersion: 1,
    engine: 'postgres',
    introspectedAt: '2026-12-01T00:00:00.000Z',
    databases: [{ name: 'db', schemas: [{ name: 'public', tables }] }],
    warnings: [],
  };
}

const top = (catalog: Catalog, question: string, limit = 3) =>
  createCatalogIndex(catalog)
    .search(question, { limit })
    .map((hit) => hit.table);

describe('catalog search: values, relations, word families, numbers', () => {
  const travel = catalogOf([
    table('carriers', [['id', 'integer'], ['name', 'text', ['KLM', 'Lufthansa', 'SAS']], ['country_code']]),
    table(
      'legs',
      [['id', 'integer'], ['carrier_id', 'integer'], ['departs_at', 'timestamp'], ['state']],
      [['carrier_id', 'carriers']],
    ),
    table('bookings', [['id', 'integer'], ['passenger_name'], ['booked_at', 'timestamp']]),
    table('crew_rosters', [['id', 'integer'], ['crew_name'], ['base']]),
  ]);

  it('a question naming only a value finds the table that holds it, and says why', () => {
    const hits = createCatalogIndex(travel).search('everything about KLM', { limit: 3 });
    expect(hits[0]?.table).toBe('carriers');
    expect(hits[0]?.reasons.join(' ')).toMatch(/values of a column match "klm"/);
    expect(hits[0]?.matchedColumns).toContain('name');
  });

  it('credits a foreign-key neighbour that answers another part of the question', () => {
    // "legs" matches "legs"; only carriers holds "KLM": both make the top two.
    expect(top(travel, 'legs flown by KLM', 2).sort()).toEqual(['carriers', 'legs']);
  });

  it('an entity table outranks the fact tables that reference it', () => {
    const crm = catalogOf([
      table('customer', [['id', 'integer'], ['segment'], ['signed_up_at', 'timestamp']]),
      ...['orders', 'invoices', 'tickets', 'visits', 'refunds'].map((name) =>
        table(
          name,
          [
            ['id', 'integer'],
            ['customer_id', 'integer', undefined, 'The customer'],
            ['amount', 'decimal'],
          ],
          [['customer_id', 'customer']],
        ),
      ),
    ]);
    expect(top(crm, 'customers by segment', 1)).toEqual(['customer']);
    expect(top(crm, 'list of customers', 1)).toEqual(['customer']);
  });

  it('word families match (shipped/shipment, consumed/consumption, diagnosed/diagnosis)', () => {
    const domains = catalogOf([
      table('shipment', [['id', 'integer'], ['tracking_no']]),
      table('energy_consumption', [
        ['id', 'integer'],
        ['kwh', 'float'],
      ]),
      table('diagnosis', [['id', 'integer'], ['icd_code']]),
      table('invoice', [
        ['id', 'integer'],
        ['total', 'decimal'],
      ]),
    ]);
    expect(top(domains, 'what was shipped', 1)).toEqual(['shipment']);
    expect(top(domains, 'energy consumed per day', 1)).toEqual(['energy_consumption']);
    expect(top(domains, 'patients diagnosed last year', 1)).toEqual(['diagnosis']);
    expect(stem('orders')).toBe(stem('order'));
    expect(stem('categories')).toBe(stem('category'));
  });

  it('dates and numbers do not match digit fragments of column names, instruction verbs do not match columns', () => {
    const coded = catalogOf([
      table('district', [
        ['id', 'integer'],
        ['a8', 'integer'],
        ['a12', 'float'],
        ['a31', 'integer'],
      ]),
      table('loans', [['id', 'integer'], ['granted_on', 'date'], ['state']]),
    ]);
    expect(top(coded, 'loans granted before 12/31/2019', 3)).toEqual(['loans']);
    expect(top(coded, 'what happened on 8 12 31', 3)).toEqual([]);
    expect(top(coded, 'State the loans granted', 3)).toEqual(['loans']);
    const hits = createCatalogIndex(coded).search('Calculate the loans granted', { limit: 1 });
    expect(hits[0]?.reasons.join(' ')).not.toMatch(/state/);
    expect(top(coded, 'loans by state', 1)).toEqual(['loans']);
    expect(questionWords('State the rate by state').map((w) => w.word)).toEqual(['rate', 'state']);
  });

  it('aggregation words do not pull in a table on their own', () => {
    const mixed = catalogOf([
      table('totals_cache', [
        ['id', 'integer'],
        ['total', 'decimal'],
        ['average', 'decimal'],
      ]),
      table('salaries', [
        ['id', 'integer'],
        ['annual_base', 'decimal'],
      ]),
    ]);
    expect(top(mixed, 'average total salaries', 1)).toEqual(['salaries']);
  });
});
