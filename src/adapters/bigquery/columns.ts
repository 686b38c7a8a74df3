import type { Column, Partitioning } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';

export type Row = Record<string, unknown>;

export const text = (row: Row, key: string): string | undefined => {
  const value = row[key];
  return value === null || value === undefined ? undefined : String(value);
};
export const num = (row: Row, key: string): number | undefined => {
  const value = row[key];
  return value === null || value === undefined || value === '' ? undefined : Number(value);
};

/** OPTIONS values come as SQL literals (`"a \"quoted\" text"`, `r"raw"`, `30.0`): returns the plain text. */
export function unquoteOption(literal: string | undefined): string | undefined {
  if (literal === undefined) return undefined;
  const value = literal.trim();
  const raw = /^[rR](["'])([\s\S]*)\1$/.exec(value);
  if (raw) return raw[2];
  if (/^"[\s\S]*"$/.test(value)) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (/^'[\s\S]*'$/.test(value)) return value.slice(1, -1).replace(/\\'/g, "'").replace(/\\\\/g, '\\');
  return value;
}

interface FieldNode {
  name: string;
  type: string;
  description?: string;
  children: FieldNode[];
}

/** Nested fields of a RECORD column from its COLUMN_FIELD_PATHS rows (`address.city`, `address.geo.lat` ...). */
function nestedFields(column: string, paths: Row[]): Column[] | undefined {
  const root: FieldNode = { name: column, type: '', children: [] };
  for (const path of paths) {
    const parts = (text(path, 'field_path') ?? '').split('.');
    if (parts.length < 2) continue;
    let node = root;
    for (const part of parts.slice(1)) {
      let child = node.children.find((c) => c.name === part);
      if (!child) {
        child = { name: part, type: '', children: [] };
        node.children.push(child);
      }
      node = child;
    }
    node.type = text(path, 'data_type') ?? '';
    node.description = text(path, 'description');
  }
  const toColumns = (nodes: FieldNode[]): Column[] =>
    nodes.map((node, index) => ({
      name: node.name,
      ordinal: index + 1,
      nativeType: node.type,
      type: typeFamily(node.type),
      // A field's own mode is not listed; REQUIRED shows only inside the parent's STRUCT<... NOT NULL> text.
      nullable: true,
      ...(node.description ? { comment: node.description } : {}),
      ...(node.children.length > 0 ? { fields: toColumns(node.children) } : {}),
    }));
  return root.children.length > 0 ? toColumns(root.children) : undefined;
}

/** Columns of one table in order, pseudo-columns (_PARTITIONTIME) left out, with comments and nested fields. */
export function buildColumns(columnRows: Row[], pathRows: Row[]): Column[] {
  const visible = columnRows
    .filter((row) => text(row, 'is_hidden') !== 'YES')
    .sort((a, b) => (num(a, 'ordinal_position') ?? 0) - (num(b, 'ordinal_position') ?? 0));
  return visible.map((row, index) => {
    const name = text(row, 'column_name') ?? '';
    const nativeType = text(row, 'data_type') ?? '';
    const own = pathRows.find((p) => text(p, 'field_path') === name);
    const nested = nestedFields(
      name,
      pathRows.filter((p) => (text(p, 'field_path') ?? '').startsWith(`${name}.`)),
    );
    const columnDefault = text(row, 'column_default');
    const description = own ? text(own, 'description') : undefined;
    return {
      name,
      ordinal: index + 1,
      nativeType,
      type: typeFamily(nativeType),
      nullable: text(row, 'is_nullable') !== 'NO',
      ...(columnDefault && columnDefault !== 'NULL' ? { default: columnDefault } : {}),
      ...(description ? { comment: description } : {}),
      ...(text(row, 'is_generated') === 'ALWAYS' ? { isGenerated: true } : {}),
      ...(nested ? { fields: nested } : {}),
    };
  });
}

/**
 * Partitioning from COLUMNS: a column partitioning (time-unit or integer range) is reported as `range`, the
 * strategy name other engines use for partitions holding contiguous ranges of a column; ingestion-time
 * partitioning shows as the hidden _PARTITIONTIME/_PARTITIONDATE column. Clustering columns come along.
 */
export function buildPartitioning(columnRows: Row[]): Partitioning | undefined {
  const partitionColumns = columnRows.filter((row) => text(row, 'is_partitioning_column') === 'YES');
  const clustering = columnRows
    .filter((row) => num(row, 'clustering_ordinal_position') !== undefined)
    .sort((a, b) => (num(a, 'clustering_ordinal_position') ?? 0) - (num(b, 'clustering_ordinal_position') ?? 0))
    .map((row) => text(row, 'column_name') ?? '');
  if (partitionColumns.length === 0 && clustering.length === 0) return undefined;
  const names = partitionColumns.map((row) => text(row, 'column_name') ?? '');
  const strategy =
    names.length === 0 ? 'clustering' : names.some((n) => n.startsWith('_PARTITION')) ? 'ingestion-time' : 'range';
  return { strategy, columns: names, ...(clustering.length > 0 ? { clusteringColumns: clustering } : {}) };
}
