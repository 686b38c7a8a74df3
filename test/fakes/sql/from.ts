/** The FROM clause: named relations and derived tables, joined row by row (inner, left, cross). */
import { evaluate } from './expressions.js';
import { candidates, conjuncts } from './lookup.js';
import { FakeSqlError, type Ident, type Relation } from './model.js';
import { type AstNode, variant } from './parse.js';
import { type Scope, type Source, withSources } from './scope.js';
import { truthy } from './values.js';

export interface FromResult {
  /** Every joined row, one Source per FROM item. */
  rows: Source[][];
  /** The same sources with NULL values, for the name check. */
  template: Source[];
}

const nameOf = (part: AstNode): Ident => variant(part)[1];

function factor(node: AstNode, scope: Scope): Factor {
  const [kind, body] = variant(node);
  const env = scope.env;
  let relation: Relation;
  let key: string;
  if (kind === 'Table') {
    const name: Ident[] = body.name.map(nameOf);
    if (body.args) throw new FakeSqlError('unsupported', name.map((n) => n.value).join('.'), 'Table functions');
    relation = env.table(name);
    key = env.fold(body.alias?.name ?? name[name.length - 1]!);
  } else if (kind === 'Derived') {
    relation = scope.subquery(body.subquery, scope);
    if (!body.alias) throw new FakeSqlError('syntax', ')', 'A derived table needs an alias');
    key = env.fold(body.alias.name);
  } else if (kind === 'NestedJoin') {
    throw new FakeSqlError('unsupported', kind, 'Nested joins');
  } else {
    throw new FakeSqlError('unsupported', kind, `The fake does not read ${kind} in FROM`);
  }
  const folded = relation.columns.map((column) => env.fold({ value: column.name, quote_style: '"' }));
  return { source: { key, columns: relation.columns, folded, values: null }, relation };
}

function joinKind(operator: AstNode): { kind: 'inner' | 'left' | 'cross'; on?: AstNode } {
  const [name, constraint] = variant(operator);
  const on = constraint && typeof constraint === 'object' && 'On' in constraint ? constraint.On : undefined;
  if (name === 'CrossJoin') return { kind: 'cross' };
  if (name === 'Join' || name === 'Inner') return { kind: 'inner', on };
  if (name === 'Left' || name === 'LeftOuter') return { kind: 'left', on };
  throw new FakeSqlError('unsupported', name, `The fake does not evaluate ${name} joins`);
}

type Factor = { source: Source; relation: Relation };

function join(rows: Source[][], right: Factor, operator: AstNode, scope: Scope) {
  const { kind, on } = joinKind(operator);
  const joined: Source[][] = [];
  const local = new Set([right.source.key]);
  const parts = conjuncts(on);
  for (const row of rows) {
    let matched = false;
    const rowScope = withSources(scope, row);
    for (const values of candidates(right.relation, right.source.key, parts, local, rowScope)) {
      const sources = [...row, { ...right.source, values }];
      if (on && truthy(evaluate(on, withSources(scope, sources)).value) !== true) continue;
      matched = true;
      joined.push(sources);
    }
    if (!matched && kind === 'left') joined.push([...row, right.source]);
  }
  return joined;
}

/**
 * The joined rows of a FROM clause. `where` narrows the first relation's rows through an index where it compares
 * one of its columns with a value from outside this SELECT (a correlated EXISTS); it is still applied afterwards.
 */
export function fromClause(from: AstNode[], scope: Scope, where?: AstNode): FromResult {
  const items = from.map((item) => ({
    first: factor(item.relation, scope),
    joins: item.joins.map((j: AstNode) => ({ factor: factor(j.relation, scope), operator: j.join_operator })),
  }));
  const template: Source[] = items.flatMap((item) => [
    item.first.source,
    ...item.joins.map((j: { factor: Factor }) => j.factor.source),
  ]);
  const local = new Set(template.map((source) => source.key));
  let rows: Source[][] = [[]];
  const checks: Array<{ on: AstNode; sources: Source[] }> = [];
  let seen = 0;
  for (const [n, item] of items.entries()) {
    const firstRows =
      n === 0 ? candidates(item.first.relation, item.first.source.key, conjuncts(where), local, scope) : undefined;
    const values = firstRows ?? item.first.relation.rows;
    rows = rows.flatMap((row) => values.map((v) => [...row, { ...item.first.source, values: v }]));
    seen++;
    for (const j of item.joins) {
      seen++;
      const on = joinKind(j.operator).on;
      if (on) checks.push({ on, sources: template.slice(0, seen) });
      rows = join(rows, j.factor, j.operator, scope);
    }
  }
  // A wrong name in an ON clause fails even when no row reaches it.
  for (const check of checks) evaluate(check.on, { ...withSources(scope, check.sources), checking: true });
  return { rows, template };
}
