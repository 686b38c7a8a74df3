/** The FROM clause: named relations and derived tables, joined row by row (inner, left, cross). */
import { evaluate } from './expressions.js';
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

function factor(node: AstNode, scope: Scope): { source: Source; relation: Relation } {
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

function join(rows: Source[][], right: { source: Source; relation: Relation }, operator: AstNode, scope: Scope) {
  const { kind, on } = joinKind(operator);
  const joined: Source[][] = [];
  const candidates = right.relation.rows.map((values) => ({ ...right.source, values }));
  for (const row of rows) {
    let matched = false;
    for (const candidate of candidates) {
      const sources = [...row, candidate];
      if (on && truthy(evaluate(on, withSources(scope, sources)).value) !== true) continue;
      matched = true;
      joined.push(sources);
    }
    if (!matched && kind === 'left') joined.push([...row, right.source]);
  }
  return joined;
}

export function fromClause(from: AstNode[], scope: Scope): FromResult {
  let rows: Source[][] = [[]];
  const template: Source[] = [];
  const checks: Array<{ on: AstNode; sources: Source[] }> = [];
  for (const item of from) {
    const first = factor(item.relation, scope);
    rows = rows.flatMap((row) => first.relation.rows.map((values) => [...row, { ...first.source, values }]));
    template.push(first.source);
    for (const joinNode of item.joins) {
      const right = factor(joinNode.relation, scope);
      template.push(right.source);
      const on = joinKind(joinNode.join_operator).on;
      if (on) checks.push({ on, sources: [...template] });
      rows = join(rows, right, joinNode.join_operator, scope);
    }
  }
  // A wrong name in an ON clause fails even when no row reaches it.
  for (const check of checks) evaluate(check.on, { ...withSources(scope, check.sources), checking: true });
  return { rows, template };
}
