import type { RenderCatalogOptions } from './render.js';
import type { TableEntry } from './render-parts.js';

/** Indexes of `entries` in the order they are dropped when whole tables must go. */
export function dropSequence(
  entries: TableEntry[],
  order: RenderCatalogOptions['dropOrder'],
  listed: boolean,
): number[] {
  const indexes = entries.map((_, i) => i);
  if (order === 'listed' && listed) return indexes.reverse();
  const key = (entry: TableEntry) => `${entry.schema}.${entry.table.name}`.toLowerCase();
  const links = new Map<string, number>(entries.map((entry) => [key(entry), 0]));
  for (const entry of entries) {
    for (const fk of entry.table.foreignKeys) {
      const target = `${fk.referencedSchema}.${fk.referencedTable}`.toLowerCase();
      if (!links.has(target) || target === key(entry)) continue;
      links.set(key(entry), (links.get(key(entry)) ?? 0) + 1);
      links.set(target, (links.get(target) ?? 0) + 1);
    }
  }
  const rows = (entry: TableEntry) => entry.table.rowCountEstimate ?? 0;
  return indexes.sort((a, z) => {
    const x = entries[a] as TableEntry;
    const y = entries[z] as TableEntry;
    return (
      (links.get(key(x)) ?? 0) - (links.get(key(y)) ?? 0) ||
      rows(x) - rows(y) ||
      x.table.columns.length - y.table.columns.length ||
      z - a
    );
  });
}

/**
 * The closing line that says what was left out, so an omission is never silent. It names what was dropped, or, when
 * that list would take more than half the budget, gives counts (the `omitted` array still has every name).
 */
export function omissionLine(
  format: RenderCatalogOptions['format'],
  budget: number,
  dropped: { details: string[]; tables: string[]; missing: string[]; tableCount: number },
): string {
  const { details, tables, missing, tableCount } = dropped;
  const prefix = `${format === 'ddl' ? '-- ' : ''}Omitted to fit the token budget: `;
  const parts = [...details];
  if (tables.length > 0) {
    const more = tables.length > 10 ? ` (+${tables.length - 10} more)` : '';
    parts.push(`${tables.length} table${tables.length === 1 ? '' : 's'}: ${tables.slice(0, 10).join(', ')}${more}`);
  }
  if (missing.length > 0) parts.push(`not found: ${missing.join(', ')}`);
  if (parts.length === 0) return '';
  const named = `${prefix}${parts.join('; ')}`;
  if (named.length <= budget / 2) return named;
  const counts = [
    details.length > 0 ? `${details.length} kinds of detail` : '',
    tables.length > 0 ? `${tables.length} of ${tableCount} tables` : '',
    missing.length > 0 ? `${missing.length} tables not found` : '',
  ].filter(Boolean);
  return `${prefix}${counts.join(', ')}`;
}
