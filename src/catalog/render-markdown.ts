import type { DatabaseEngine } from './model.js';
import {
  foreignKeyTargets,
  kindLabel,
  oneLine,
  type RenderDetail,
  rowsLabel,
  statsLabel,
  type TableEntry,
} from './render-parts.js';

/** A unique constraint is enforced by a unique index of the same columns: list that key once, under the index. */
function hasUniqueIndex(table: TableEntry['table'], columns: string[]): boolean {
  const key = columns.join('\u0000');
  return table.indexes.some((index) => index.unique && !index.primary && index.columns.join('\u0000') === key);
}

/**
 * One table as markdown: a heading line (name, kind, rows, comment), then one line per column
 * `name type [not null] [pk] [fk->schema.table.col] = default -- comment {stats}` (a key column's NOT NULL goes
 * without saying), then keys and indexes (each once), partitioning and definition.
 */
export function renderMarkdownTable(entry: TableEntry, detail: RenderDetail, _engine: DatabaseEngine): string {
  const { table } = entry;
  const facts = [kindLabel(table), rowsLabel(table)].filter(Boolean).join(', ');
  const comment = detail.tableComments && table.comment ? ` -- ${oneLine(table.comment)}` : '';
  const lines = [`### ${entry.qualifiedName} (${facts})${comment}`];
  const primary = new Set(table.primaryKey?.columns ?? []);
  for (const column of table.columns) {
    let line = `- ${column.name}`;
    if (detail.columnTypes) line += ` ${column.nativeType}`;
    if (!column.nullable && !primary.has(column.name)) line += ' not null';
    if (primary.has(column.name)) line += ' [pk]';
    for (const target of foreignKeyTargets(table, column.name)) line += ` [fk->${target}]`;
    if (detail.defaultsAndIndexes && column.default !== undefined) line += ` = ${oneLine(column.default)}`;
    if (detail.columnComments && column.comment) line += ` -- ${oneLine(column.comment)}`;
    const stats = detail.stats ? statsLabel(column) : undefined;
    if (stats) line += ` {${stats}}`;
    lines.push(line);
  }
  if (table.partitioning) {
    const { strategy, columns, partitions } = table.partitioning;
    const list = detail.defaultsAndIndexes && partitions?.length ? `: ${partitions.join(', ')}` : '';
    lines.push(`partitioned by ${strategy} (${columns.join(', ')})${list}`);
  }
  if (detail.defaultsAndIndexes) {
    const keys = [
      ...table.uniqueConstraints
        .filter((unique) => !hasUniqueIndex(table, unique.columns))
        .map((unique) => `unique (${unique.columns.join(', ')})`),
      ...table.indexes
        .filter((index) => !index.primary)
        .map((index) => `${index.name}${index.unique ? ' unique' : ''} (${index.columns.join(', ')})`),
    ];
    if (keys.length > 0) lines.push(`indexes: ${keys.join('; ')}`);
  }
  if (detail.viewDefinitions && table.viewDefinition) {
    const definition = table.viewDefinition.trim();
    // A `--` comment would run into the following SQL if flattened: keep such definitions on their own lines.
    if (definition.includes('--')) {
      lines.push('definition:', ...definition.split(/\r?\n/).map((line) => `    ${line.trimEnd()}`));
    } else lines.push(`definition: ${oneLine(definition)}`);
  }
  return lines.join('\n');
}
