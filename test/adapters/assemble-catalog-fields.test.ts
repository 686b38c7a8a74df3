/** assembleCatalog carries a struct column's nested fields (BigQuery RECORD, Databricks STRUCT) through unchanged. */
import { describe, expect, it } from 'vitest';
import { assembleCatalog, type CatalogRows } from '../../src/adapters/kernel/assemble-catalog.js';
import type { Column } from '../../src/catalog/model.js';

const key = { database: 'p', schema: 's', table: 't' };
const nested: Column[] = [
  { name: 'city', ordinal: 1, nativeType: 'STRING', type: 'text', nullable: true, comment: 'City name' },
  {
    name: 'geo',
    ordinal: 2,
    nativeType: 'STRUCT<lat FLOAT64>',
    type: 'struct',
    nullable: true,
    fields: [{ name: 'lat', ordinal: 1, nativeType: 'FLOAT64', type: 'float', nullable: true }],
  },
];
const rows = (fields: Column[] | null | undefined): CatalogRows => ({
  schemas: [{ database: 'p', schema: 's' }],
  relations: [{ ...key, kind: 'table' }],
  columns: [
    { ...key, name: 'id', nativeType: 'INT64', nullable: false },
    { ...key, name: 'address', nativeType: 'STRUCT<city STRING, geo STRUCT<lat FLOAT64>>', nullable: true, fields },
  ],
});
const columns = (catalog: ReturnType<typeof assembleCatalog>) => catalog.databases[0]!.schemas[0]!.tables[0]!.columns;

describe('assembleCatalog: nested fields', () => {
  it('copies the fields of a struct column, nested levels included', () => {
    const [id, address] = columns(assembleCatalog(rows(nested), { engine: 'bigquery' }));
    expect(address).toEqual({
      name: 'address',
      ordinal: 2,
      nativeType: 'STRUCT<city STRING, geo STRUCT<lat FLOAT64>>',
      type: 'struct',
      nullable: true,
      fields: nested,
    });
    expect(id).not.toHaveProperty('fields');
  });

  it('leaves `fields` out when a row has none, null or an empty list', () => {
    for (const fields of [undefined, null, []]) {
      expect(columns(assembleCatalog(rows(fields), { engine: 'bigquery' }))[1]).not.toHaveProperty('fields');
    }
  });
});
