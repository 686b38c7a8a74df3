import type { Catalog } from './model.js';
import { buildDocuments, type Field, fieldBit, type TableDocument, type TermStats } from './search-document.js';
import { createFamilyLookup } from './search-families.js';
import { amountTerm, type QueryTerm, questionTerms, timeTerm } from './search-terms.js';
import { tokenize } from './tokenize.js';

const k1 = 1.2;
const b = 0.75;

function describeMatch(query: QueryTerm, stats: TermStats): string[] {
  const reasons: string[] = [];
  const virtual =
    query.term === timeTerm ? 'a date/time column' : query.term === amountTerm ? 'an amount column' : null;
  const label = virtual ?? `"${query.word}"`;
  const via = query.related ? ` (for "${query.source}")` : '';
  const columns = [...(stats.columns?.keys() ?? [])].slice(0, 3).join(', ');
  const has = (...fields: Field[]) => fields.some((field) => (stats.fields & fieldBit[field]) !== 0);
  if (has('table')) reasons.push(`table name matches ${label}${via}`);
  if (has('column', 'type')) {
    reasons.push(`${virtual ? `has ${virtual}` : `column matches ${label}`}: ${columns}${via}`);
  }
  if (has('value')) reasons.push(`values of a column match ${label}${via}`);
  if (has('referenced')) reasons.push(`other tables reference it as ${label}${via}`);
  if (has('reference') && !has('table')) reasons.push(`references ${label}${via}: ${columns}`);
  if (has('tableComment', 'columnComment')) reasons.push(`comment mentions ${label}${via}`);
  if (has('schema', 'database')) reasons.push(`schema or database name matches ${label}${via}`);
  return reasons;
}

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
  const nameTerms = new Map<string, string[]>();
  // Column names, schema names and values repeat across tables: tokenize each distinct one once.
  const tokenizeName = (name: string) => {
    let terms = nameTerms.get(name);
    if (!terms) {
      terms = tokenize(name);
      nameTerms.set(name, terms);
    }
    return terms;
  };
  const { docs, neighbours } = buildDocuments(catalog, tokenizeName);
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
  const withFamilies = createFamilyLookup(postings.keys());
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length) || 1;
  const lengthNorm = Float64Array.from(docs, (doc) => k1 * (1 - b + (b * doc.length) / averageLength));

  return {
    size: docs.length,
    search(question, options = {}) {
      const limit = Math.max(0, options.limit ?? 10);
      const query = withFamilies(questionTerms(question));
      const scored = rank(query, postings, lengthNorm, neighbours, options.minScore ?? 0);
      return scored.slice(0, limit).map(({ id, score }) => explainHit(docs[id] as TableDocument, score, query));
    },
  };
}

function bitCount(mask: number): number {
  let bits = 0;
  for (let rest = mask >>> 0; rest !== 0; rest &= rest - 1) bits++;
  return bits;
}

/** Share of a joined table's score a table gets when it answers a part of the question that one does not. */
const joinCredit = 0.25;

function rank(
  query: QueryTerm[],
  postings: Map<string, { ids: number[]; tf: number[] }>,
  lengthNorm: Float64Array,
  neighbours: number[][],
  minScore: number,
): Scored[] {
  const sources = [...new Set(query.map((term) => term.source))];
  // Aggregation words and numbers count towards coverage only when the question has nothing else.
  const weakSources = new Set(query.filter((term) => term.weak).map((term) => term.source));
  const counted = sources.map((source) => weakSources.size === sources.length || !weakSources.has(source));
  const countedSources = Math.max(1, counted.filter(Boolean).length);
  // Which question words a table covers, one bit each (words past the 31st share the last bit).
  const bitOf = (source: number) => 1 << Math.min(source, 31);
  const countedMask = counted.reduce((mask, c, s) => (c ? mask | bitOf(s) : mask), 0);
  const n = lengthNorm.length;
  const direct = new Float64Array(n);
  const covered = new Uint32Array(n);
  // Related terms of one question word: the best counts fully, the rest at a quarter. Worked out word by word in two
  // shared buffers, then added to `direct`.
  const best = new Float64Array(n);
  const sum = new Float64Array(n);
  const touched: number[] = [];
  const seen = new Uint8Array(n);
  const bySource = sources.map((source) => query.filter((term) => term.source === source));
  bySource.forEach((terms, source) => {
    const relatedIds: number[] = [];
    for (const term of terms) {
      const list = postings.get(term.term);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.ids.length + 0.5) / (list.ids.length + 0.5));
      for (let i = 0; i < list.ids.length; i++) {
        const id = list.ids[i] as number;
        const tf = list.tf[i] as number;
        const value = (term.weight * idf * tf * (k1 + 1)) / (tf + (lengthNorm[id] as number));
        if (term.related) {
          if ((sum[id] as number) === 0) relatedIds.push(id);
          if (value > (best[id] as number)) best[id] = value;
          sum[id] = (sum[id] as number) + value;
        } else direct[id] = (direct[id] as number) + value;
        covered[id] = (covered[id] as number) | bitOf(source);
        if (!seen[id]) {
          seen[id] = 1;
          touched.push(id);
        }
      }
    }
    for (const id of relatedIds) {
      direct[id] = (direct[id] as number) + (best[id] as number) + ((sum[id] as number) - (best[id] as number)) * 0.25;
      best[id] = 0;
      sum[id] = 0;
    }
  });
  const base = new Float64Array(n);
  for (const id of touched) {
    const score = direct[id] as number;
    const matchedSources = Math.min(countedSources, bitCount((covered[id] as number) & countedMask));
    base[id] = score * (0.5 + (0.5 * matchedSources) / countedSources);
  }
  // Join-aware: a table answering a part of the question its foreign-key neighbour does not (the airline named by
  // "KLM" beside the flights table) is credited a share of the best such neighbour's score.
  const scored: Scored[] = [];
  for (const id of touched) {
    let credit = 0;
    const own = (covered[id] as number) & countedMask;
    for (const other of neighbours[id] as number[]) {
      if ((base[other] as number) > credit && (own & ~(covered[other] as number)) !== 0) credit = base[other] as number;
    }
    const score = (base[id] as number) + joinCredit * credit;
    if (score > minScore) scored.push({ id, score });
  }
  return scored.sort((a, z) => z.score - a.score || a.id - z.id);
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
