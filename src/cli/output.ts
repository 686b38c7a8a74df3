import { catalogCounts } from '../catalog/model.js';
import { renderCatalog } from '../catalog/render.js';
import type { IntrospectDataOutput } from '../tasks/introspect-data/interfaces.js';
import type { CliArguments } from './args.js';
import { formatDuration } from './format.js';

function tableLines(output: IntrospectDataOutput): string[] {
  const lines: string[] = [];
  for (const database of output.catalog?.databases ?? []) {
    for (const schema of database.schemas) {
      lines.push(`  ${database.name}.${schema.name}`);
      for (const table of schema.tables) {
        const keys = table.foreignKeys.length ? `, ${table.foreignKeys.length} fk` : '';
        const rows = table.rowCountEstimate !== undefined ? `, ~${table.rowCountEstimate} rows` : '';
        const comment = table.comment ? ` - ${table.comment}` : '';
        lines.push(`    ${table.name} [${table.kind}] ${table.columns.length} columns${keys}${rows}${comment}`);
      }
    }
  }
  return lines;
}

export function summary(output: IntrospectDataOutput): string {
  const source = output.dataSource;
  const lines = [`${source.name} (${source.type ?? 'unknown'} ${source.serverVersion ?? ''})`.trim()];
  if (!output.catalog) return lines.join('\n');
  const counts = catalogCounts(output.catalog);
  lines.push(
    `${counts.databases} database(s), ${counts.schemas} schema(s), ${counts.tables} table(s) and view(s), ${counts.columns} column(s)`,
    `${output.stats.queries} queries in ${formatDuration(output.stats.durationMs)}`,
    ...tableLines(output),
  );
  for (const warning of output.warnings)
    lines.push(`warning ${warning.code}${warning.scope ? ` (${warning.scope})` : ''}: ${warning.message}`);
  return lines.join('\n');
}

export function render(args: CliArguments, output: IntrospectDataOutput): string {
  if (args.format === 'json') return JSON.stringify(output, null, 2);
  if ((args.format === 'markdown' || args.format === 'ddl') && output.catalog) {
    return renderCatalog(output.catalog, {
      format: args.format,
      ...(args.maxTokens ? { maxTokens: args.maxTokens } : {}),
    }).text;
  }
  return summary(output);
}

const flags = (name: string, patterns: string[] | undefined) => (patterns ?? []).map((pattern) => `${name} ${pattern}`);

/**
 * Filters that left nothing to read are almost always a typo (`--schema pubilc`): said on stderr, and the exit code
 * is 4 (partial result) rather than 0 with an empty catalog.
 */
export function filterWarnings(args: CliArguments, output: IntrospectDataOutput): string[] {
  if (!output.catalog) return [];
  const counts = catalogCounts(output.catalog);
  const schemaFlags = [...flags('--schema', args.schemas.include), ...flags('--exclude-schema', args.schemas.exclude)];
  const tableFlags = [...flags('--include', args.tables.include), ...flags('--exclude', args.tables.exclude)];
  if (schemaFlags.length > 0 && counts.schemas === 0) {
    return [`no schema matched ${schemaFlags.join(' ')}: the catalog is empty`];
  }
  if (schemaFlags.length + tableFlags.length > 0 && counts.tables === 0) {
    return [`no table or view matched ${[...schemaFlags, ...tableFlags].join(' ')}: the catalog has no tables`];
  }
  return [];
}
