/** Snowflake's SHOW rows through catalog-rows.ts and the kernel's assembleCatalog: the cases the fake server never sends. */
import { describe, expect, it } from 'vitest';
import type { IntrospectOptions } from '../../src/adapters/adapter.js';
import { assembleCatalog } from '../../src/adapters/kernel/assemble-catalog.js';
import { type ShowRows, toCatalogRows } from '../../src/adapters/snowflake/catalog-rows.js';

const none: ShowRows = {
  databases: [],
  schemas: [],
  tables: [],
  views: [],
  columns: [],
  primaryKeys: [],
  importedKeys: [],
  uniqueKeys: [],
};
const at = (table: string) => ({ database_name: 'DB', schema_name: 'S', table_name: table });

function catalogOf(rows: Partial<ShowRows>, options: IntrospectOptions = {}) {
  const all: ShowRows = {
    ...none,
    databases: [{ name: 'DB' }],
    schemas: [{ database_name: 'DB', name: 'S' }],
    ...rows,
  };
  return assembleCatalog(toCatalogRows(all, options), { engine: 'snowflake', filters: options });
}
const tablesOf = (rows: Partial<ShowRows>) => catalogOf(rows).databases[0]!.schemas[0]!.tables;

describe('snowflake catalog rows', () => {
  it('merges a name listed by SHOW TABLES and SHOW VIEWS: first place, view fields, table figures', () => {
    const tables = tablesOf({
      tables: [
        { database_name: 'DB', schema_name: 'S', name: 'MV', kind: 'TABLE', rows: '5', bytes: 512, comment: 'old' },
        { database_name: 'DB', schema_name: 'S', name: 'T', kind: 'TRANSIENT' },
      ],
      views: [
        {
          database_name: 'DB',
          schema_name: 'S',
          name: 'MV',
          is_materialized: 'true',
          text: 'CREATE MATERIALIZED VIEW MV AS SELECT 1 AS X',
        },
      ],
    });
    expect(tables.map((t) => t.name)).toEqual(['MV', 'T']);
    expect(tables[0]).toMatchObject({
      kind: 'materialized_view',
      comment: 'old',
      rowCountEstimate: 5,
      sizeBytes: 512,
      viewDefinition: 'SELECT 1 AS X',
    });
  });

  it('leaves empty SHOW fields out and orders key columns by key_sequence', () => {
    const [table] = tablesOf({
      tables: [{ database_name: 'DB', schema_name: 'S', name: 'T', kind: 'TABLE', comment: '', rows: '' }],
      columns: [
        { ...at('T'), column_name: 'A', data_type: '{"type":"FIXED","precision":38,"scale":0}', default: '' },
        { ...at('T'), column_name: 'B', data_type: '{"type":"TEXT","length":8}', comment: '', autoincrement: '' },
      ],
      primaryKeys: [
        { ...at('T'), constraint_name: 'PK', column_name: 'B', key_sequence: '2' },
        { ...at('T'), constraint_name: 'PK', column_name: 'A', key_sequence: '1' },
      ],
    });
    expect(table).not.toHaveProperty('comment');
    expect(table).not.toHaveProperty('rowCountEstimate');
    expect(table!.columns).toEqual([
      { name: 'A', ordinal: 1, nativeType: 'NUMBER(38,0)', type: 'integer', nullable: true },
      { name: 'B', ordinal: 2, nativeType: 'VARCHAR(8)', type: 'text', nullable: true },
    ]);
    expect(table!.primaryKey).toEqual({ name: 'PK', columns: ['A', 'B'] });
  });

  it('lists system databases and schemas only when asked', () => {
    const rows: Partial<ShowRows> = {
      databases: [{ name: 'DB' }, { name: 'SNOWFLAKE' }],
      schemas: [
        { database_name: 'DB', name: 'S' },
        { database_name: 'DB', name: 'INFORMATION_SCHEMA' },
        { database_name: 'SNOWFLAKE', name: 'ACCOUNT_USAGE' },
      ],
    };
    const names = (options: IntrospectOptions) =>
      catalogOf(rows, options).databases.map((d) => `${d.name}:${d.schemas.map((s) => s.name).join(',')}`);
    expect(names({})).toEqual(['DB:S']);
    expect(names({ includeSystemSchemas: true })).toEqual(['DB:S,INFORMATION_SCHEMA', 'SNOWFLAKE:ACCOUNT_USAGE']);
  });
});
