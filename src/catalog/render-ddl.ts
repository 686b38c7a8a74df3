import type { DatabaseEngine } from './model.js';
import {
  kindLabel,
  oneLine,
  quoteIdent,
  type RenderDetail,
  rowsLabel,
  statsLabel,
  type TableEntry,
} from './render-parts.js';

/** One table as CREATE TABLE/VIEW DDL with `--` comments (types, keys, defaults, comments and stats per detail). */
export function renderDdlTable(entry: TableEntry, detail: RenderDetail, engine: DatabaseEngine): string {
  const { table } = entry;
  const q = (name: string) => quoteIdent(name, engine);
  const name = entry.qualifiedName
    .split('.')
    .map((part) => q(part))
    .join('.');
  const lines: string[] = [];
  const comment = detail.tableComments && table.comment ? oneLine(table.comment) : '';
  const rows = rowsLabel(table);
  if (comment || rows) lines.push(`-- ${[comment, rows && `(${rows})`].filter(Boolean).join(' ')}`);

  const isView = table.kind === 'view' || table.kind === 'materialized_view';
  const keyword = isView ? `CREATE ${kindLabel(table).toUpperCase()}` : 'CREATE TABLE';
  const columnLines = table.columns.map((column) => {
    let line = q(column.name);
    if (detail.columnTypes) line += ` ${column.nativeType}${column.nullable || isView ? '' : ' NOT NULL'}`;
    if (detail.defaultsAndIndexes && column.default !== undefined) line += ` DEFAULT ${oneLine(column.default)}`;
    const notes = [
      detail.columnComments && column.comment ? oneLine(column.comment) : '',
      (detail.stats && statsLabel(column)) || '',
    ].filter(Boolean);
    return { line, comment: notes.join('; ') };
  });

  if (isView && detail.viewDefinitions && table.viewDefinition) {
    const columns = columnLines.map(({ line, comment }) => (comment ? `${line} (${comment})` : line)).join(', ');
    lines.push(`-- columns: ${columns}`);
    // Kept as written: flattening it would let a `--` comment in the definition swallow the rest of the statement.
    const body = table.viewDefinition.trim().replace(/;+\s*$/, '');
    const lastLine = body.slice(body.lastIndexOf('\n') + 1);
    lines.push(
      `${keyword} ${name} AS${body.includes('\n') ? '\n' : ' '}${body}${lastLine.includes('--') ? '\n' : ''};`,
    );
    return lines.join('\n');
  }

  const constraints: string[] = [];
  if (!isView && table.primaryKey) constraints.push(`PRIMARY KEY (${table.primaryKey.columns.map(q).join(', ')})`);
  if (detail.defaultsAndIndexes) {
    for (const unique of table.uniqueConstraints) constraints.push(`UNIQUE (${unique.columns.map(q).join(', ')})`);
  }
  for (const fk of table.foreignKeys) {
    const target = [fk.referencedDatabase, fk.referencedSchema, fk.referencedTable]
      .filter(Boolean)
      .map((part) => q(part as string));
    constraints.push(
      `FOREIGN KEY (${fk.columns.map(q).join(', ')}) REFERENCES ${target.join('.')} (${fk.referencedColumns.map(q).join(', ')})`,
    );
  }
  const body = [...columnLines, ...constraints.map((line) => ({ line, comment: '' }))];
  lines.push(`${keyword} ${name} (`);
  body.forEach(({ line, comment }, i) => {
    const comma = i < body.length - 1 ? ',' : '';
    lines.push(`  ${line}${comma}${comment ? ` -- ${comment}` : ''}`);
  });
  let close = ')';
  if (table.partitioning) {
    const { strategy, columns, partitions } = table.partitioning;
    close += ` PARTITION BY ${strategy.toUpperCase()} (${columns.map(q).join(', ')})`;
    if (detail.defaultsAndIndexes && partitions?.length) close += `; -- partitions: ${partitions.join(', ')}`;
    else close += ';';
  } else close += ';';
  lines.push(close);
  if (detail.defaultsAndIndexes) {
    for (const index of table.indexes.filter((index) => !index.primary)) {
      const unique = index.unique ? 'UNIQUE ' : '';
      lines.push(`CREATE ${unique}INDEX ${q(index.name)} ON ${name} (${index.columns.map(q).join(', ')});`);
    }
  }
  return lines.join('\n');
}
