import type { Catalog, DatabaseEngine } from './model.js';
import { dropSequence, omissionLine } from './render-budget.js';
import { renderDdlTable } from './render-ddl.js';
import { renderMarkdownTable } from './render-markdown.js';
import { fullDetail, type RenderDetail, type TableEntry } from './render-parts.js';

export interface RenderCatalogOptions {
  format: 'markdown' | 'ddl';
  /**
   * Budget in estimated tokens (1 token = 4 characters, rounded up: `ceil(chars / 4)`, a deliberately simple and
   * conservative estimate for English and SQL). Detail is dropped in `omissionSteps` order, then whole tables.
   */
  maxTokens?: number;
  /** Only these tables (case-insensitive names; `database` narrows when given). Missing ones are listed as omitted. */
  tables?: Array<{ schema: string; table: string; database?: string }>;
  /**
   * Which tables go first when whole tables must be dropped. `connectivity` (default): fewest foreign-key links
   * among the rendered tables, then fewest rows, then fewest columns. `listed`: from the end of `tables` (e.g. search
   * hits, least relevant last), falling back to connectivity without `tables`.
   */
  dropOrder?: 'connectivity' | 'listed';
}

export interface RenderedCatalog {
  text: string;
  /** `ceil(text.length / 4)`. */
  estimatedTokens: number;
  /** What was left out, in the order dropped: detail labels, then `table: <name>` entries, then `not found: <name>`. */
  omitted: string[];
}

/** The stated order in which detail is dropped to fit `maxTokens` (before whole tables go). */
export const omissionSteps: ReadonlyArray<{ key: keyof RenderDetail; label: string }> = [
  { key: 'stats', label: 'column statistics and sample values' },
  { key: 'columnComments', label: 'column comments' },
  { key: 'defaultsAndIndexes', label: 'column defaults, unique constraints, index and partition lists' },
  { key: 'viewDefinitions', label: 'view definitions' },
  { key: 'columnTypes', label: 'column types (names only)' },
  { key: 'tableComments', label: 'table comments' },
];

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** Whether any of the tables has the detail a step would drop (steps that drop nothing are not reported). */
const hasDetail: Record<keyof RenderDetail, (table: TableEntry['table']) => boolean> = {
  stats: (table) => table.columns.some((column) => column.stats),
  columnComments: (table) => table.columns.some((column) => column.comment),
  defaultsAndIndexes: (table) =>
    table.columns.some((column) => column.default !== undefined) ||
    table.indexes.length > 0 ||
    table.uniqueConstraints.length > 0 ||
    Boolean(table.partitioning?.partitions?.length),
  viewDefinitions: (table) => Boolean(table.viewDefinition),
  columnTypes: (table) => table.columns.length > 0,
  tableComments: (table) => Boolean(table.comment),
};

const present = (entries: TableEntry[], key: keyof RenderDetail): boolean =>
  entries.some((entry) => hasDetail[key](entry.table));

function selectTables(catalog: Catalog, wanted: RenderCatalogOptions['tables']) {
  const several = catalog.databases.length > 1;
  const all: TableEntry[] = [];
  for (const database of catalog.databases) {
    for (const schema of database.schemas) {
      for (const table of schema.tables) {
        const qualifiedName = `${several ? `${database.name}.` : ''}${schema.name}.${table.name}`;
        all.push({ database: database.name, schema: schema.name, table, qualifiedName });
      }
    }
  }
  if (!wanted) return { entries: all, missing: [] as string[] };
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const entries: TableEntry[] = [];
  const missing: string[] = [];
  for (const want of wanted) {
    const found = all.filter(
      (entry) =>
        eq(entry.schema, want.schema) &&
        eq(entry.table.name, want.table) &&
        (want.database === undefined || eq(entry.database, want.database)),
    );
    if (found.length === 0) missing.push([want.database, want.schema, want.table].filter(Boolean).join('.'));
    for (const entry of found) if (!entries.includes(entry)) entries.push(entry);
  }
  return { entries, missing };
}

/**
 * Renders a catalog compactly for an LLM prompt, as markdown or DDL. With `maxTokens`, detail is dropped in the
 * stated order (`omissionSteps`), then whole tables, until the text fits; `omitted` and the text's last line say
 * what was dropped.
 */
export function renderCatalog(catalog: Catalog, options: RenderCatalogOptions): RenderedCatalog {
  const engine: DatabaseEngine = catalog.engine;
  const renderTable = options.format === 'ddl' ? renderDdlTable : renderMarkdownTable;
  const separator = '\n\n';
  const { entries, missing } = selectTables(catalog, options.tables);
  const budget = options.maxTokens === undefined ? Number.POSITIVE_INFINITY : Math.max(0, options.maxTokens) * 4;

  const detail: RenderDetail = { ...fullDetail };
  const droppedDetails: string[] = [];
  const droppedTables: string[] = [];
  const closing = () =>
    omissionLine(options.format, budget, {
      details: droppedDetails,
      tables: droppedTables,
      missing,
      tableCount: entries.length,
    });
  const size = (chunks: string[], footer: string) =>
    chunks.reduce((sum, chunk) => sum + chunk.length, 0) +
    separator.length * Math.max(0, chunks.length - 1) +
    (footer ? footer.length + (chunks.length > 0 ? separator.length : 0) : 0);

  let chunks = entries.map((entry) => renderTable(entry, detail, engine));
  for (const step of omissionSteps) {
    if (size(chunks, closing()) <= budget) break;
    if (!present(entries, step.key)) continue;
    detail[step.key] = false;
    droppedDetails.push(step.label);
    chunks = entries.map((entry) => renderTable(entry, detail, engine));
  }

  const kept = chunks.map(() => true);
  let footer = closing();
  let total = size(chunks, footer);
  if (total > budget) {
    let keptCount = chunks.length;
    let body = size(chunks, '');
    for (const i of dropSequence(entries, options.dropOrder, options.tables !== undefined)) {
      if (total <= budget) break;
      kept[i] = false;
      keptCount -= 1;
      body -= (chunks[i] as string).length + (keptCount > 0 ? separator.length : 0);
      droppedTables.push((entries[i] as TableEntry).qualifiedName);
      footer = closing();
      total = Math.max(0, body) + footer.length + (keptCount > 0 ? separator.length : 0);
    }
  }
  const parts = chunks.filter((_, i) => kept[i]);
  if (footer) parts.push(footer);
  let text = parts.join(separator);
  // Only a budget smaller than the omission line itself gets here: cut the line rather than overrun the budget.
  if (text.length > budget) text = `${text.slice(0, Math.max(0, budget - 1))}…`.slice(0, budget);
  return {
    text,
    estimatedTokens: estimateTokens(text),
    omitted: [
      ...droppedDetails,
      ...droppedTables.map((name) => `table: ${name}`),
      ...missing.map((name) => `not found: ${name}`),
    ],
  };
}
