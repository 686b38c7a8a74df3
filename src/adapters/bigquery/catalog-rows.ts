import type { NameFilter } from '../../catalog/filters.js';
import type { Database, ForeignKey, PrimaryKey, Schema, Table, TableKind } from '../../catalog/model.js';
import { buildColumns, buildPartitioning, num, type Row, text, unquoteOption } from './columns.js';

/** Rows of each catalog view; an unread view is an empty list (and a warning). */
export interface CatalogRows {
  schemaOptions: Row[];
  tables: Row[];
  tableOptions: Row[];
  storage: Row[];
  views: Row[];
  columns: Row[];
  fieldPaths: Row[];
  constraints: Row[];
  keyColumns: Row[];
  constraintColumns: Row[];
}

const tableKey = (row: Row) => `${text(row, 'table_schema')}.${text(row, 'table_name')}`;
const constraintKey = (row: Row) => `${text(row, 'constraint_schema')}.${text(row, 'constraint_name')}`;

function groupBy(rows: Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

function kindOf(tableType: string | undefined, partitioned: boolean): TableKind {
  switch (tableType) {
    case 'VIEW':
      return 'view';
    case 'MATERIALIZED VIEW':
      return 'materialized_view';
    case 'EXTERNAL':
      return 'external';
    default:
      return partitioned ? 'partitioned' : 'table';
  }
}

/** The SELECT of a materialized view's DDL (`CREATE MATERIALIZED VIEW ... AS SELECT ...`). */
function definitionFromDdl(ddl: string | undefined): string | undefined {
  if (!ddl) return undefined;
  const match = /\bAS\s+((?:SELECT|WITH|\()[\s\S]*)$/i.exec(ddl);
  return (match?.[1] ?? ddl).trim().replace(/;$/, '');
}

/** Primary and foreign keys (informational in BigQuery) from the three constraint views. */
function buildKeys(rows: CatalogRows): { primary: Map<string, PrimaryKey>; foreign: Map<string, ForeignKey[]> } {
  const keyColumns = groupBy(rows.keyColumns, constraintKey);
  const referenced = groupBy(rows.constraintColumns, constraintKey);
  const ordered = (key: string) =>
    [...(keyColumns.get(key) ?? [])].sort(
      (a, b) => (num(a, 'ordinal_position') ?? 0) - (num(b, 'ordinal_position') ?? 0),
    );
  const primary = new Map<string, PrimaryKey>();
  for (const row of rows.constraints.filter((r) => text(r, 'constraint_type') === 'PRIMARY KEY')) {
    const columns = ordered(constraintKey(row)).map((r) => text(r, 'column_name') ?? '');
    if (columns.length > 0) primary.set(tableKey(row), { name: text(row, 'constraint_name'), columns });
  }
  const foreign = new Map<string, ForeignKey[]>();
  for (const row of rows.constraints.filter((r) => text(r, 'constraint_type') === 'FOREIGN KEY')) {
    const columns = ordered(constraintKey(row));
    const targets = referenced.get(constraintKey(row)) ?? [];
    const target = targets[0];
    if (columns.length === 0 || !target) continue;
    const targetKey = primary.get(tableKey(target))?.columns;
    const referencedColumns = columns.map((column, index) => {
      const position = num(column, 'position_in_unique_constraint');
      return (position && targetKey?.[position - 1]) || text(targets[index] ?? target, 'column_name') || '';
    });
    const list = foreign.get(tableKey(row)) ?? [];
    list.push({
      name: text(row, 'constraint_name'),
      columns: columns.map((r) => text(r, 'column_name') ?? ''),
      referencedSchema: text(target, 'table_schema') ?? '',
      referencedTable: text(target, 'table_name') ?? '',
      referencedColumns,
    });
    foreign.set(tableKey(row), list);
  }
  return { primary, foreign };
}

/** Builds the project's Database from the view rows, keeping `datasets` in order and the tables the filter admits. */
export function assembleDatabase(
  projectId: string,
  datasets: string[],
  rows: CatalogRows,
  tableFilter: NameFilter,
): Database {
  const columns = groupBy(rows.columns, tableKey);
  const paths = groupBy(rows.fieldPaths, tableKey);
  const options = groupBy(rows.tableOptions, tableKey);
  const storage = new Map(rows.storage.map((row) => [tableKey(row), row]));
  const views = new Map(rows.views.map((row) => [tableKey(row), text(row, 'view_definition')]));
  const { primary, foreign } = buildKeys(rows);
  const schemaComments = new Map(
    rows.schemaOptions
      .filter((row) => text(row, 'option_name') === 'description')
      .map((row) => [text(row, 'schema_name'), unquoteOption(text(row, 'option_value'))]),
  );
  const byDataset = groupBy(rows.tables, (row) => text(row, 'table_schema') ?? '');

  const schemas: Schema[] = datasets.map((dataset) => {
    const tables: Table[] = (byDataset.get(dataset) ?? [])
      .filter((row) => tableFilter.matches(text(row, 'table_name') ?? '', tableKey(row)))
      .sort((a, b) => (text(a, 'table_name') ?? '').localeCompare(text(b, 'table_name') ?? ''))
      .map((row) => {
        const key = tableKey(row);
        const columnRows = columns.get(key) ?? [];
        const partitioning = buildPartitioning(columnRows);
        const tableType = text(row, 'table_type');
        const comment = unquoteOption(
          text((options.get(key) ?? []).find((o) => text(o, 'option_name') === 'description') ?? {}, 'option_value'),
        );
        const stored = storage.get(key);
        const definition = views.get(key) ?? definitionFromDdl(text(row, 'ddl'));
        return {
          name: text(row, 'table_name') ?? '',
          kind: kindOf(tableType, Boolean(partitioning && partitioning.columns.length > 0)),
          ...(comment ? { comment } : {}),
          ...(stored && num(stored, 'total_rows') !== undefined ? { rowCountEstimate: num(stored, 'total_rows') } : {}),
          ...(stored && num(stored, 'total_logical_bytes') !== undefined
            ? { sizeBytes: num(stored, 'total_logical_bytes') }
            : {}),
          ...(definition ? { viewDefinition: definition } : {}),
          columns: buildColumns(columnRows, paths.get(key) ?? []),
          ...(primary.get(key) ? { primaryKey: primary.get(key) } : {}),
          foreignKeys: foreign.get(key) ?? [],
          uniqueConstraints: [],
          indexes: [],
          ...(partitioning ? { partitioning } : {}),
        };
      });
    const comment = schemaComments.get(dataset);
    return { name: dataset, ...(comment ? { comment } : {}), tables };
  });
  return { name: projectId, schemas };
}
