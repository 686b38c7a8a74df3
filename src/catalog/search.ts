import type { Catalog, Column, Table } from './model.js';
import { amountTerm, type QueryTerm, questionTerms, timeTerm, typeTerms } from './search-terms.js';
import { tokenize } from './tokenize.js';

export interface CatalogSearchOptions {
  /** Results returned at most. @default 10 */
  limit?: number;
  /** Results scoring at or below this raw BM25 score are dropped. @default 0 */
  minScore?: number;
}

export interface CatalogSearchHit {
  database: string;
  schema: string;
  table: string;
  /** BM25F score (unbounded; only comparable within one catalog). */
  score: number;
  /** Columns whose name, comment or type matched the question, best first. */
  matchedColumns: string[];
  /** Why the table ranked, best first, e.g. `table name matches "revenue"`. */
  reasons: string[];
}

export interface CatalogIndex {
  /** Tables indexed. */
  readonly size: number;
  search(question: string, options?: CatalogSearchOptions): CatalogSearchHit[];
}

/** Field weights: a word in the table name says more than one in a column name, which says more than a comment. */
const fieldWeights = {
  table: 3,
  column: 1.5,
  tableComment: 1,
  schema: 0.75,
  columnComment: 0.6,
  database: 0.5,
  type: 0.5,
} as const;
type Field = keyof typeof fieldWeights;

const k1 = 1.2;
const b = 0.75;

interface TermStats {
  /** Weighted term frequency over all fields. */
  weighted: number;
  fields: Partial<Record<Field, number>>;
  /** Column name -> weighted frequency of the term in that column (absent when no column holds the term). */
  columns?: Map<string, number>;
}

interface TableDocument {
  database: string;
  schema: string;
  table: string;
  length: number;
  terms: Map<string, TermStats>;
}

function addTerms(doc: TableDocument, terms: string[], field: Field, column?: string): void {
  const weight = fieldWeights[field];
  for (const term of terms) {
    let stats = doc.terms.get(term);
    if (!stats) {
      stats = { weighted: 0, fields: {} };
      doc.terms.set(term, stats);
    }
    stats.weighted += weight;
    stats.fields[field] = (stats.fields[field] ?? 0) + 1;
    if (column !== undefined) {
      stats.columns ??= new Map();
      stats.columns.set(column, (stats.columns.get(column) ?? 0) + weight);
    }
    doc.length += weight;
  }
}

function buildDocument(
  database: string,
  schema: string,
  table: Table,
  tokenizeName: (name: string) => string[],
): TableDocument {
  const doc: TableDocument = { database, schema, table: table.name, length: 0, terms: new Map() };
  addTerms(doc, tokenize(table.name), 'table');
  addTerms(doc, tokenizeName(schema), 'schema');
  addTerms(doc, tokenizeName(database), 'database');
  if (table.comment) addTerms(doc, tokenize(table.comment), 'tableComment');
  const visit = (column: Column, prefix: string) => {
    const name = prefix + column.name;
    addTerms(doc, tokenizeName(column.name), 'column', name);
    if (column.comment) addTerms(doc, tokenize(column.comment), 'columnComment', name);
    addTerms(doc, typeTerms(column.type), 'type', name);
    for (const field of (column.fields ?? []) as Column[]) visit(field, `${name}.`);
  };
  for (const column of table.columns) visit(column, '');
  return doc;
}

function describeMatch(query: QueryTerm, stats: TermStats): string[] {
  const reasons: string[] = [];
  const virtual =
    query.term === timeTerm ? 'a date/time column' : query.term === amountTerm ? 'an amount column' : null;
  const label = virtual ?? `"${query.word}"`;
  const via = query.related ? ` (for "${query.source}")` : '';
  if (stats.fields.table) reasons.push(`table name matches ${label}${via}`);
  if (stats.fields.column || stats.fields.type) {
    const columns = [...(stats.columns?.keys() ?? [])].slice(0, 3).join(', ');
    reasons.push(`${virtual ? `has ${virtual}` : `column matches ${label}`}: ${columns}${via}`);
  }
  if (stats.fields.tableComment || stats.fields.columnComment) reasons.push(`comment mentions ${label}${via}`);
  if (stats.fields.schema || stats.fields.database) reasons.push(`schema or database name matches ${label}${via}`);
  return reasons;
}

interface Scored {
  id: number;
  score: number;
}

/**
 * Builds a BM25F index over the catalog's tables once (table, schema and database names, column names, comments and
 * type hints, with field weights); `search` then ranks tables for a question offline, without an embedding service.
 *
 * Scoring: each question word's own term adds its BM25F score; its related terms (see search-terms.ts) add the best
 * of them fully and the rest at a quarter, so a table full of loosely related words does not outrank one holding the word
 * asked for; finally a soft coordination factor (0.5 + 0.5 * share of question words matched) favours tables that
 * answer every part of the question.
 */
export function createCatalogIndex(catalog: Catalog): CatalogIndex {
  const docs: TableDocument[] = [];
  const nameTerms = new Map<string, string[]>();
  // Column and schema names repeat across tables: tokenize each distinct name once.
  const tokenizeName = (name: string) => {
    let terms = nameTerms.get(name);
    if (!terms) {
      terms = tokenize(name);
      nameTerms.set(name, terms);
    }
    return terms;
  };
  for (const database of catalog.databases) {
    for (const schema of database.schemas) {
      for (const table of schema.tables) docs.push(buildDocument(database.name, schema.name, table, tokenizeName));
    }
  }
  const postings = new Map<string, { ids: number[]; tf: number[] }>();
  docs.forEach((doc, id) => {
    for (const [term, stats] of doc.terms) {
      let list = postings.get(term);
      if (!list) {
        list = { ids: [], tf: [] };
        postings.set(term, list);
      }
      list.ids.push(id);
      list.tf.push(stats.weighted);
    }
  });
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length) || 1;
  const lengthNorm = Float64Array.from(docs, (doc) => k1 * (1 - b + (b * doc.length) / averageLength));

  return {
    size: docs.length,
    search(question, options = {}) {
      const limit = Math.max(0, options.limit ?? 10);
      const minScore = options.minScore ?? 0;
      const query = questionTerms(question);
      const sources = [...new Set(query.map((term) => term.source))];
      const n = docs.length;
      const direct = new Float64Array(n);
      const covered = sources.map(() => new Uint8Array(n));
      const relatedBest = sources.map(() => new Float64Array(n));
      const relatedSum = sources.map(() => new Float64Array(n));
      const touched: number[] = [];
      const seen = new Uint8Array(n);
      for (const term of query) {
        const list = postings.get(term.term);
        if (!list) continue;
        const source = sources.indexOf(term.source);
        const idf = Math.log(1 + (n - list.ids.length + 0.5) / (list.ids.length + 0.5));
        for (let i = 0; i < list.ids.length; i++) {
          const id = list.ids[i] as number;
          const tf = list.tf[i] as number;
          const value = (term.weight * idf * tf * (k1 + 1)) / (tf + (lengthNorm[id] as number));
          if (term.related) {
            const best = relatedBest[source] as Float64Array;
            if (value > (best[id] as number)) best[id] = value;
            const sum = relatedSum[source] as Float64Array;
            sum[id] = (sum[id] as number) + value;
          } else direct[id] = (direct[id] as number) + value;
          (covered[source] as Uint8Array)[id] = 1;
          if (!seen[id]) {
            seen[id] = 1;
            touched.push(id);
          }
        }
      }
      const scored: Scored[] = [];
      for (const id of touched) {
        let score = direct[id] as number;
        let matchedSources = 0;
        for (let s = 0; s < sources.length; s++) {
          const best = (relatedBest[s] as Float64Array)[id] as number;
          score += best + (((relatedSum[s] as Float64Array)[id] as number) - best) * 0.25;
          matchedSources += (covered[s] as Uint8Array)[id] as number;
        }
        score *= 0.5 + (0.5 * matchedSources) / Math.max(1, sources.length);
        if (score > minScore) scored.push({ id, score });
      }
      scored.sort((a, z) => z.score - a.score || a.id - z.id);
      return scored.slice(0, limit).map(({ id, score }) => explainHit(docs[id] as TableDocument, score, query));
    },
  };
}

/** Matched columns and reasons of one hit, worked out only for the hits returned. */
function explainHit(doc: TableDocument, score: number, query: QueryTerm[]): CatalogSearchHit {
  const matched = query
    .filter((term) => doc.terms.has(term.term))
    .map((term) => ({ term, stats: doc.terms.get(term.term) as TermStats }))
    .sort((x, y) => y.term.weight * y.stats.weighted - x.term.weight * x.stats.weighted);
  const columnScores = new Map<string, number>();
  for (const { term, stats } of matched) {
    for (const [column, weight] of stats.columns ?? []) {
      columnScores.set(column, (columnScores.get(column) ?? 0) + term.weight * weight);
    }
  }
  const reasons = matched.flatMap(({ term, stats }) => describeMatch(term, stats));
  return {
    database: doc.database,
    schema: doc.schema,
    table: doc.table,
    score,
    matchedColumns: [...columnScores.entries()].sort((x, y) => y[1] - x[1]).map(([column]) => column),
    reasons: [...new Set(reasons)].slice(0, 6),
  };
}

/** One-off search; build the index with `createCatalogIndex` when searching the same catalog more than once. */
export function searchCatalog(
  catalog: Catalog,
  question: string,
  options: CatalogSearchOptions = {},
): CatalogSearchHit[] {
  return createCatalogIndex(catalog).search(question, options);
}
