/**
 * Builds a `Catalog` from flat rows, one array per entity kind, as catalog queries return them (information_schema,
 * pg_catalog, SVV_* views, INFORMATION_SCHEMA of warehouses ...). Any adapter can reuse it: read each entity kind in
 * one query, map the rows to these shapes, and call `assembleCatalog`.
 *
 * Rules: rows are matched on exact (database, schema, table) names; rows whose relation is missing are ignored
 * (e.g. filtered out); columns keep the order of their `ordinal` (or of the rows) and are renumbered 1..n, because
 * engines leave gaps for dropped columns (a row that gives its `position` keeps it); the include/exclude filters
 * are applied again here, so an adapter that pushes only part of a filter into SQL still returns exactly what was
 * asked.
 */
import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, Column, ColumnStats, EnumType, Sequence, Table } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type {
  AssembleOptions,
  CatalogRows,
  ColumnGroup,
  ColumnRow,
  ColumnStatsRow,
  ConstraintRow,
  IndexRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from './catalog-row-shapes.js';
import { addConstraint, type KeyGroup, toIndex } from './key-groups.js';
import { byRelation, entry, groupByRelation, type RelationMap } from './relation-map.js';

export type {
  AssembleOptions,
  CatalogRows,
  ColumnGroup,
  ColumnRow,
  ColumnStatsRow,
  ConstraintRow,
  IndexRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from './catalog-row-shapes.js';

const text = (value: string | null | undefined) => (value === null || value === undefined ? undefined : value);
const num = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) || value < 0 ? undefined : value;

/** Rows in `ordinal` order (row order breaks ties); rows that arrive sorted, as catalog queries return them, stay. */
function inOrdinalOrder(rows: ColumnRow[]): ColumnRow[] {
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) sorted = (rows[i - 1]!.ordinal ?? i - 1) <= (rows[i]!.ordinal ?? i);
  if (sorted) return rows;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.ordinal ?? a.index) - (b.row.ordinal ?? b.index) || a.index - b.index)
    .map(({ row }) => row);
}

function toColumns(rows: ColumnRow[], stats: Map<string, ColumnStats> | undefined): Column[] {
  return inOrdinalOrder(rows).map((row, index) => {
    const column: Column = {
      name: row.name,
      ordinal: row.position != null && Number.isInteger(row.position) && row.position > 0 ? row.position : index + 1,
      nativeType: row.nativeType,
      type: row.type ?? typeFamily(row.familyType ?? row.nativeType),
      nullable: row.nullable,
    };
    if (text(row.default) !== undefined) column.default = row.default!;
    if (text(row.comment) !== undefined) column.comment = row.comment!;
    if (row.isIdentity) column.isIdentity = true;
    if (row.isGenerated) column.isGenerated = true;
    if (row.fields?.length) column.fields = row.fields;
    const columnStats = stats?.get(row.name);
    if (columnStats) column.stats = columnStats;
    return column;
  });
}

/** A group's columns as they are, with their statistics attached. */
function withStats(columns: Column[], stats: Map<string, ColumnStats> | undefined): Column[] {
  if (stats) {
    for (const column of columns) {
      const columnStats = stats.get(column.name);
      if (columnStats) column.stats = columnStats;
    }
  }
  return columns;
}

function toTable(relation: RelationRow, parts: Parts): Table {
  const statsRows = parts.stats.get(relation);
  const stats = statsRows ? new Map(statsRows.map((row) => [row.column, row.stats])) : undefined;
  const group = parts.columnGroups.get(relation);
  const keys = parts.keyGroups.get(relation);
  const indexRows = parts.indexes.get(relation);
  const table: Table = {
    name: relation.table,
    kind: relation.kind,
    columns: group ? withStats(group.columns, stats) : toColumns(parts.columns.get(relation) ?? [], stats),
    foreignKeys: keys?.foreignKeys ?? [],
    uniqueConstraints: keys?.uniqueConstraints ?? [],
    indexes: keys && !indexRows ? keys.indexes : [...(keys?.indexes ?? []), ...(indexRows ?? []).map(toIndex)],
  };
  if (text(relation.comment) !== undefined) table.comment = relation.comment!;
  if (num(relation.rowCountEstimate) !== undefined) table.rowCountEstimate = relation.rowCountEstimate!;
  if (num(relation.sizeBytes) !== undefined) table.sizeBytes = relation.sizeBytes!;
  if (text(relation.viewDefinition) !== undefined) table.viewDefinition = relation.viewDefinition!;
  if (keys?.primaryKey) table.primaryKey = keys.primaryKey;
  if (keys?.checkConstraints) table.checkConstraints = keys.checkConstraints;
  for (const row of parts.constraints.get(relation) ?? []) addConstraint(table, row);
  const partitioning = parts.partitions.get(relation)?.[0];
  if (partitioning) {
    const { database: _d, schema: _s, table: _t, ...rest } = partitioning;
    table.partitioning = rest;
  }
  return table;
}

/** Enums and sequences of a schema, present only when there are some. */
function schemaObjects(
  schema: SchemaRow,
  keepTable: (table: string) => boolean,
): { enums?: EnumType[]; sequences?: Sequence[] } {
  const sequences = (schema.sequences ?? []).filter((s) => !s.ownedBy || keepTable(s.ownedBy.table));
  return {
    ...(schema.enums?.length ? { enums: schema.enums } : {}),
    ...(sequences.length > 0 ? { sequences } : {}),
  };
}

interface Parts {
  columns: RelationMap<ColumnRow[]>;
  columnGroups: RelationMap<ColumnGroup>;
  constraints: RelationMap<ConstraintRow[]>;
  keyGroups: RelationMap<KeyGroup>;
  indexes: RelationMap<IndexRow[]>;
  partitions: RelationMap<PartitionRow[]>;
  stats: RelationMap<ColumnStatsRow[]>;
}

/** Assembles the catalog: databases > schemas > tables, in the order of the rows given. */
export function assembleCatalog(rows: CatalogRows, options: AssembleOptions): Catalog {
  const databaseFilter = compileFilter(options.filters?.databases);
  const schemaFilter = compileFilter(options.filters?.schemas);
  const tableFilter = compileFilter(options.filters?.tables);
  const parts: Parts = {
    columns: groupByRelation(rows.columns),
    columnGroups: byRelation(rows.columnGroups),
    constraints: groupByRelation(rows.constraints),
    keyGroups: byRelation(rows.keyGroups),
    indexes: groupByRelation(rows.indexes),
    partitions: groupByRelation(rows.partitions),
    stats: groupByRelation(rows.stats),
  };
  // By database, then schema: no joined key string per relation.
  const relationsBySchema = new Map<string, Map<string, RelationRow[]>>();
  for (const relation of rows.relations) {
    const schemas = entry(relationsBySchema, relation.database, () => new Map<string, RelationRow[]>());
    entry(schemas, relation.schema, (): RelationRow[] => []).push(relation);
  }
  const databaseNames: Array<{ name: string; comment?: string | null }> =
    rows.databases ?? [...new Set(rows.schemas.map((s) => s.database))].map((name) => ({ name }));
  const databases = databaseNames
    .filter((d) => databaseFilter.matches(d.name))
    .map((database) => ({
      name: database.name,
      ...(text(database.comment) ? { comment: database.comment! } : {}),
      schemas: rows.schemas
        .filter((s) => s.database === database.name && schemaFilter.matches(s.schema, `${s.database}.${s.schema}`))
        .map((schema) => ({
          name: schema.schema,
          ...(text(schema.comment) ? { comment: schema.comment! } : {}),
          ...(text(schema.owner) ? { owner: schema.owner! } : {}),
          tables: (relationsBySchema.get(database.name)?.get(schema.schema) ?? [])
            .filter((r) => tableFilter.isEmpty || tableFilter.matches(r.table, `${r.schema}.${r.table}`))
            .map((relation) => toTable(relation, parts)),
          ...schemaObjects(schema, (table) => tableFilter.matches(table, `${schema.schema}.${table}`)),
        })),
    }));
  return {
    formatVersion: 1,
    engine: options.engine,
    ...(options.serverVersion ? { serverVersion: options.serverVersion } : {}),
    introspectedAt: (options.now ?? new Date()).toISOString(),
    databases,
    warnings: options.warnings ?? [],
  };
}
