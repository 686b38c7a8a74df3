/** One SELECT: FROM, WHERE, GROUP BY (or an aggregate over every row), the select list, DISTINCT and TOP. */
import { hasAggregate } from './calls.js';
import { evaluate, type Typed } from './expressions.js';
import { fromClause } from './from.js';
import { type ColumnDef, FakeSqlError, type Ident, type SqlValue } from './model.js';
import { type AstNode, variant } from './parse.js';
import { resolveColumn, type Scope, type Source, withSources } from './scope.js';
import { truthy } from './values.js';

export interface SelectResult {
  columns: ColumnDef[];
  rows: SqlValue[][];
  /** The scope each output row came from, for an ORDER BY on a column that is not selected. */
  scopes: Scope[];
  /** The all-NULL row the names were checked on (absent for a UNION). */
  check?: Scope;
  /** SQL Server's TOP n: applied after the query's ORDER BY. */
  top?: number;
}

type Item = { expr: AstNode; name: (scope: Scope) => string } | { wildcard: string | undefined };

function items(projection: AstNode[], scope: Scope): Item[] {
  return projection.map((node) => {
    const [kind, body] = variant(node);
    if (kind === 'UnnamedExpr') return { expr: body, name: (s: Scope) => implicitName(body, s) };
    if (kind === 'ExprWithAlias') return { expr: body.expr, name: () => scope.env.aliasName(body.alias) };
    if (kind === 'Wildcard') return { wildcard: undefined };
    if (kind === 'QualifiedWildcard') {
      const [, name] = variant(body[0]);
      const last = (Array.isArray(name) ? name[name.length - 1] : name) as AstNode;
      return { wildcard: scope.env.fold(variant(last)[1] as Ident) };
    }
    throw new FakeSqlError('unsupported', kind, `Select item ${kind}`);
  });
}

/** A plain column keeps the name the catalog gives it; any other unaliased expression has no name. */
function implicitName(expr: AstNode, scope: Scope): string {
  const [kind, body] = variant(expr);
  if (kind === 'Identifier' && !String(body.value).startsWith('@')) return resolveColumn(scope, [body]).column.name;
  if (kind === 'CompoundIdentifier') return resolveColumn(scope, body).column.name;
  return '';
}

function project(list: Item[], scope: Scope): { names: string[]; cells: Typed[] } {
  const names: string[] = [];
  const cells: Typed[] = [];
  for (const item of list) {
    if ('wildcard' in item) {
      for (const source of scope.sources.filter((s) => item.wildcard === undefined || s.key === item.wildcard)) {
        source.columns.forEach((column, i) => {
          names.push(column.name);
          cells.push({ value: source.values?.[i] ?? null, type: column.type });
        });
      }
      continue;
    }
    names.push(item.name(scope));
    cells.push(evaluate(item.expr, scope));
  }
  return { names, cells };
}

function groups(select: AstNode, rows: Source[][], scope: Scope, template: Source[]): Scope[] {
  const [kind, body] = variant(select.group_by);
  const keys: AstNode[] = kind === 'Expressions' ? body[0] : [];
  if (kind !== 'Expressions') throw new FakeSqlError('unsupported', 'GROUP BY ALL', 'GROUP BY ALL');
  const aggregated = keys.length > 0 || select.projection.some(hasAggregate) || (select.having && true);
  if (!aggregated) return rows.map((sources) => withSources(scope, sources));
  const byKey = new Map<string, Source[][]>();
  for (const sources of rows) {
    const key = JSON.stringify(keys.map((k) => String(evaluate(k, withSources(scope, sources)).value)));
    byKey.set(key, [...(byKey.get(key) ?? []), sources]);
  }
  // Without GROUP BY, aggregates over no row still make one row.
  if (keys.length === 0 && byKey.size === 0) byKey.set('', []);
  return [...byKey.values()].map((members) => withSources(scope, members[0] ?? template, members));
}

export function runSelect(select: AstNode, scope: Scope): SelectResult {
  if (select.into || select.lateral_views?.length) throw new FakeSqlError('unsupported', 'INTO', 'SELECT INTO');
  const { rows, template } = fromClause(select.from, scope, select.selection);
  const list = items(select.projection, scope);
  // The name check: every expression once over an all-NULL row, whatever rows there are.
  const check: Scope = { ...withSources(scope, template, [template]), checking: true };
  if (select.selection) evaluate(select.selection, check);
  if (select.having) evaluate(select.having, check);
  const shape = project(list, check);
  const filtered = select.selection
    ? rows.filter((sources) => truthy(evaluate(select.selection, withSources(scope, sources)).value) === true)
    : rows;
  let scopes = groups(select, filtered, scope, template);
  if (select.having) scopes = scopes.filter((s) => truthy(evaluate(select.having, s).value) === true);
  let output = scopes.map((s) => ({ scope: s, typed: project(list, s).cells }));
  if (select.distinct) {
    const seen = new Set<string>();
    output = output.filter((row) => {
      const key = JSON.stringify(
        row.typed.map((c) => c.value),
        (_, v) => (typeof v === 'bigint' ? `${v}n` : v),
      );
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const [topKind, topValue] = select.top?.quantity ? variant(select.top.quantity) : [undefined, undefined];
  const top = topKind === 'Constant' ? Number(topValue) : topKind ? Number(evaluate(topValue, scope).value) : undefined;
  // A column's type is that of its first non-NULL value (a CASE or function may vary), else the name check's.
  const columns = shape.names.map((name, i) => {
    const cell = output.map((row) => row.typed[i]!).find((c) => c.value !== null);
    return { name, type: (cell ?? shape.cells[i]!).type };
  });
  return {
    columns,
    rows: output.map((row) => row.typed.map((c) => c.value)),
    scopes: output.map((row) => row.scope),
    check,
    ...(top !== undefined ? { top } : {}),
  };
}
