/** JDBC-shaped answers to the Thrift metadata operations (GetCatalogs, GetSchemas, GetTables, GetColumns ...). */
import type { FakeColumn, FakeColumnType, FakeResult } from './rowset.js';
import type { WarehouseModel, WarehouseTable } from './warehouse-model.js';

const cols = (spec: string): FakeColumn[] =>
  spec.split(/\s*,\s*/).map((entry) => {
    const [name, type] = entry.split(':');
    return { name: name as string, type: (type as FakeColumnType | undefined) ?? 'STRING' };
  });

/** JDBC search pattern (% and _, null = everything) as a predicate. */
function pattern(value: string | null | undefined): (name: string) => boolean {
  if (value === null || value === undefined || value === '' || value === '%' || value === '*') return () => true;
  const source = value
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const re = new RegExp(`^${source}$`, 'i');
  return (name) => re.test(name);
}

export interface MetadataRequest {
  catalogName?: string | null;
  schemaName?: string | null;
  tableName?: string | null;
  parentCatalogName?: string | null;
  parentSchemaName?: string | null;
  parentTableName?: string | null;
  foreignCatalogName?: string | null;
  foreignSchemaName?: string | null;
  foreignTableName?: string | null;
}

const jdbcTypes: Record<string, number> = {
  INT: 4,
  STRING: 12,
  DECIMAL: 3,
  TIMESTAMP: 93,
  BOOLEAN: 16,
  DATE: 91,
  DOUBLE: 8,
};

export function metadataResult(
  method: string,
  model: WarehouseModel,
  request: MetadataRequest,
  restricted: boolean,
): FakeResult {
  const visible = (schema: string) => !(restricted && schema === model.restrictedSchema);
  const matchCatalog = pattern(request.catalogName);
  const matchSchema = pattern(request.schemaName);
  const matchTable = pattern(request.tableName);
  const tables = model.tables.filter(
    (t) => visible(t.schema) && matchCatalog(t.catalog) && matchSchema(t.schema) && matchTable(t.name),
  );
  const keyOf = (t: WarehouseTable) => ({ TABLE_CAT: t.catalog, TABLE_SCHEM: t.schema, TABLE_NAME: t.name });
  switch (method) {
    case 'GetCatalogs':
      return { columns: cols('TABLE_CAT'), rows: model.catalogs.map((c) => ({ TABLE_CAT: c.name })) };
    case 'GetSchemas':
      return {
        columns: cols('TABLE_SCHEM, TABLE_CATALOG'),
        rows: model.schemas
          .filter((s) => visible(s.name) && matchCatalog(s.catalog) && matchSchema(s.name))
          .map((s) => ({ TABLE_SCHEM: s.name, TABLE_CATALOG: s.catalog })),
      };
    case 'GetTables':
      return {
        columns: cols('TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS'),
        rows: tables.map((t) => ({
          ...keyOf(t),
          TABLE_TYPE:
            t.tableType === 'MANAGED'
              ? 'TABLE'
              : t.tableType === 'MATERIALIZED_VIEW'
                ? 'MATERIALIZED_VIEW'
                : t.tableType,
          REMARKS: t.comment ?? '',
        })),
      };
    case 'GetColumns':
      return {
        columns: cols(
          'TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE:INT, TYPE_NAME, COLUMN_SIZE:INT, DECIMAL_DIGITS:INT, NULLABLE:INT, REMARKS, COLUMN_DEF, ORDINAL_POSITION:INT, IS_NULLABLE, IS_AUTO_INCREMENT',
        ),
        rows: tables.flatMap((t) =>
          t.columns.map((c, index) => ({
            ...keyOf(t),
            COLUMN_NAME: c.name,
            DATA_TYPE: jdbcTypes[c.dataType] ?? 1111,
            TYPE_NAME: c.fullType.toUpperCase(),
            COLUMN_SIZE: c.precision ?? null,
            DECIMAL_DIGITS: c.scale ?? null,
            NULLABLE: c.nullable ? 1 : 0,
            REMARKS: c.comment ?? '',
            COLUMN_DEF: null,
            // Spark's Thrift server numbers columns from 0 here too.
            ORDINAL_POSITION: index,
            IS_NULLABLE: c.nullable ? 'YES' : 'NO',
            IS_AUTO_INCREMENT: 'NO',
          })),
        ),
      };
    case 'GetPrimaryKeys':
      return {
        columns: cols('TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, KEY_SEQ:INT, PK_NAME'),
        rows: tables.flatMap((t) =>
          (t.primaryKey ?? []).map((column, i) => ({
            ...keyOf(t),
            COLUMN_NAME: column,
            KEY_SEQ: i + 1,
            PK_NAME: `${t.name}_pk`,
          })),
        ),
      };
    case 'GetCrossReference': {
      const foreign = model.tables.filter(
        (t) =>
          visible(t.schema) &&
          pattern(request.foreignCatalogName)(t.catalog) &&
          pattern(request.foreignSchemaName)(t.schema) &&
          pattern(request.foreignTableName)(t.name),
      );
      return {
        columns: cols(
          'PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, PKCOLUMN_NAME, FKTABLE_CAT, FKTABLE_SCHEM, FKTABLE_NAME, FKCOLUMN_NAME, KEY_SEQ:INT, UPDATE_RULE:INT, DELETE_RULE:INT, FK_NAME, PK_NAME',
        ),
        rows: foreign.flatMap((t) =>
          t.foreignKeys
            .filter((fk) => pattern(request.parentSchemaName)(fk.schema) && pattern(request.parentTableName)(fk.table))
            .flatMap((fk) =>
              fk.columns.map((column, i) => ({
                PKTABLE_CAT: t.catalog,
                PKTABLE_SCHEM: fk.schema,
                PKTABLE_NAME: fk.table,
                PKCOLUMN_NAME: fk.referencedColumns[i],
                FKTABLE_CAT: t.catalog,
                FKTABLE_SCHEM: t.schema,
                FKTABLE_NAME: t.name,
                FKCOLUMN_NAME: column,
                KEY_SEQ: i + 1,
                UPDATE_RULE: 3,
                DELETE_RULE: 3,
                FK_NAME: `${t.name}_${fk.columns.join('_')}_fk`,
                PK_NAME: `${fk.table}_pk`,
              })),
            ),
        ),
      };
    }
    default:
      return { columns: [], rows: [] };
  }
}
