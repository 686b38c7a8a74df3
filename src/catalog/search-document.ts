import type { Catalog, Column, Table } from './model.js';
import { typeTerms } from './search-terms.js';
import { isNumberTerm, tokenize } from './tokenize.js';

/**
 * Field weights: a word in the table name says more than one in a column name, which says more than a comment or a
 * value. A foreign-key column (`customer_id`) names another table's entity: it counts little in its own table and
 * is credited to the table it points to (`referenced`), so "customers" ranks the customers table above every fact
 * table that references it.
 */
export const fieldWeights = {
  table: 3,
  column: 1.5,
  value: 1.5,
  tableComment: 1,
  schema: 0.75,
  columnComment: 0.6,
  referenced: 0.6,
  database: 0.5,
  type: 0.5,
  reference: 0.4,
} as const;
export type Field = keyof typeof fieldWeights;

/** One bit per field, so a term's fields cost a number instead of an object (the index holds millions of terms). */
export const fieldBit = Object.fromEntries(Object.keys(fieldWeights).map((field, i) => [field, 1 << i])) as Record<
  Field,
  number
>;

export interface TermStats {
  /** Weighted term frequency over all fields. */
  weighted: number;
  /** The fields holding the term, as `fieldBit`s. */
  fields: number;
  /** Column name -> weighted frequency of the term in that column (absent when no column holds the term). */
  columns?: Map<string, number>;
}

export interface TableDocument {
  database: string;
  schema: string;
  table: string;
  length: number;
  terms: Map<string, TermStats>;
}

function addTerms(doc: TableDocument, terms: Iterable<string>, field: Field, column?: string): void {
  const weight = fieldWeights[field];
  for (const term of terms) {
    let stats = doc.terms.get(term);
    if (!stats) {
      stats = { weighted: 0, fields: 0 };
      doc.terms.set(term, stats);
    }
    stats.weighted += weight;
    stats.fields |= fieldBit[field];
    if (column !== undefined) {
      stats.columns ??= new Map();
      stats.columns.set(column, (stats.columns.get(column) ?? 0) + weight);
    }
    doc.length += weight;
  }
}

/** Terms of a column's field values, each term once (a value list is a vocabulary, not a text). */
function valueTerms(column: Column, tokenizeName: (name: string) => string[]): Set<string> {
  const terms = new Set<string>();
  for (const value of column.fieldValues?.values ?? []) for (const term of tokenizeName(value)) terms.add(term);
  return terms;
}

const referenceSuffix = new Set(['id', 'key', 'fk', 'code', 'ref', 'no', 'num']);

/** Name terms of a foreign-key column without its `_id` part: `owner_rep_id` -> owner, rep. */
function referenceTerms(column: string, tokenizeName: (name: string) => string[]): string[] {
  return tokenizeName(column).filter((term) => !referenceSuffix.has(term));
}

function columnNameTerms(column: string, tokenizeName: (name: string) => string[]): string[] {
  const terms = tokenizeName(column);
  return terms.some(isNumberTerm) ? terms.filter((term) => !isNumberTerm(term)) : terms;
}

type TableKey = string;
const tableKey = (database: string, schema: string, table: string): TableKey =>
  `${database}\u0000${schema}\u0000${table}`;

/** The tables' documents, and for each table the tables it is joined to by a foreign key (either way). */
export function buildDocuments(
  catalog: Catalog,
  tokenizeName: (name: string) => string[],
): { docs: TableDocument[]; neighbours: number[][] } {
  const docs: TableDocument[] = [];
  const byKey = new Map<TableKey, number>();
  const inbound: Array<{ from: number; target: TableKey; terms: string[] }> = [];
  for (const database of catalog.databases) {
    for (const schema of database.schemas) {
      for (const table of schema.tables) {
        const from = docs.push(buildDocument(database.name, schema.name, table, tokenizeName)) - 1;
        byKey.set(tableKey(database.name, schema.name, table.name), from);
        for (const fk of table.foreignKeys) {
          const target = tableKey(fk.referencedDatabase ?? database.name, fk.referencedSchema, fk.referencedTable);
          inbound.push({ from, target, terms: fk.columns.flatMap((column) => referenceTerms(column, tokenizeName)) });
        }
      }
    }
  }
  // Each referencing name counts once for its target, however many tables reference it under that name.
  const credited = new Map<TableKey, Set<string>>();
  const neighbours = docs.map((): number[] => []);
  for (const { from, target, terms } of inbound) {
    const id = byKey.get(target);
    if (id === undefined) continue;
    const doc = docs[id] as TableDocument;
    if (id !== from) {
      (neighbours[from] as number[]).push(id);
      (neighbours[id] as number[]).push(from);
    }
    const seen = credited.get(target) ?? new Set<string>();
    credited.set(target, seen);
    const fresh = terms.filter((term) => !seen.has(term));
    for (const term of fresh) seen.add(term);
    addTerms(doc, fresh, 'referenced');
  }
  return { docs, neighbours: neighbours.map((list) => [...new Set(list)]) };
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
  const foreignKeyColumns = new Set(table.foreignKeys.flatMap((fk) => fk.columns));
  const visit = (column: Column, prefix: string) => {
    const name = prefix + column.name;
    if (foreignKeyColumns.has(column.name) && !prefix) {
      addTerms(doc, referenceTerms(column.name, tokenizeName), 'reference', name);
    } else addTerms(doc, columnNameTerms(column.name, tokenizeName), 'column', name);
    if (column.comment) addTerms(doc, tokenize(column.comment), 'columnComment', name);
    addTerms(doc, typeTerms(column.type), 'type', name);
    if (column.fieldValues) addTerms(doc, valueTerms(column, tokenizeName), 'value', name);
    for (const field of (column.fields ?? []) as Column[]) visit(field, `${name}.`);
  };
  for (const column of table.columns) visit(column, '');
  return doc;
}
