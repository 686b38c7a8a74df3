/** Rows in scope while evaluating: the FROM sources of a SELECT, its group, and the enclosing query's row. */
import { type ColumnDef, FakeSqlError, type Ident, type Relation, type SqlEnv, type SqlValue } from './model.js';

/** One FROM item of one row: a NULL-extended row of a LEFT JOIN has `values` null. */
export interface Source {
  /** Folded alias, or the folded last part of the table name. */
  key: string;
  columns: ColumnDef[];
  folded: string[];
  values: SqlValue[] | null;
}

export interface Scope {
  env: SqlEnv;
  sources: Source[];
  /** The rows an aggregate runs over (a GROUP BY group, or every row). */
  group?: Source[][];
  parent?: Scope;
  /** Name check on an all-NULL row: every branch is evaluated so a wrong name anywhere fails. */
  checking: boolean;
  /** Position of the next `?` placeholder. */
  positional: { next: number };
  /** Runs a subquery (EXISTS, IN, scalar) with this scope as its enclosing one. */
  subquery(query: unknown, outer: Scope): Relation;
}

export function withSources(scope: Scope, sources: Source[], group?: Source[][]): Scope {
  return { ...scope, sources, ...(group ? { group } : { group: undefined }) };
}

function find(scope: Scope, path: string[]): { column: ColumnDef; value: SqlValue } | undefined {
  const column = path[path.length - 1]!;
  const qualifier = path.length > 1 ? path[path.length - 2] : undefined;
  const candidates = scope.sources.filter((source) => qualifier === undefined || source.key === qualifier);
  if (qualifier !== undefined && candidates.length === 0) return undefined;
  const hits = candidates.flatMap((source) => {
    const index = source.folded.indexOf(column);
    return index < 0 ? [] : [{ column: source.columns[index]!, value: source.values?.[index] ?? null }];
  });
  if (hits.length > 1) throw new FakeSqlError('ambiguous', column, `Ambiguous column name '${column}'`);
  if (hits.length === 1) return hits[0];
  // A qualified name whose qualifier is here but whose column is not: the column is wrong, not out of scope.
  if (qualifier !== undefined) throw new FakeSqlError('column', column, `Invalid column name '${column}'`);
  return undefined;
}

/** The value (and declared column) a name refers to, looked up in this scope, then the enclosing ones. */
export function resolveColumn(scope: Scope, idents: Ident[]): { column: ColumnDef; value: SqlValue } {
  const path = idents.map((ident) => scope.env.fold(ident));
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    const hit = find(current, path);
    if (hit) return hit;
  }
  const name = idents.map((ident) => ident.value).join('.');
  throw new FakeSqlError('column', idents[idents.length - 1]?.value ?? name, `Invalid column name '${name}'`);
}
