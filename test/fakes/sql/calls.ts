/** Function calls: aggregates over the group in scope, the engine's functions, then the common ones. */
import { evaluate, type Typed, typed } from './expressions.js';
import { callFunction, isAggregate } from './functions.js';
import { FakeSqlError, type SqlValue } from './model.js';
import { type AstNode, variant } from './parse.js';
import type { Scope } from './scope.js';
import { arithmetic, compare } from './values.js';

export function functionCall(node: AstNode, scope: Scope): Typed {
  const name = node.name.map((part: AstNode) => variant(part)[1].value).join('.');
  const [argKind, list] = variant(node.args);
  const args: AstNode[] = argKind === 'List' ? list.args : [];
  const exprs = args.map((arg) => {
    const [kind, payload] = variant(arg);
    if (kind !== 'Unnamed') throw new FakeSqlError('unsupported', name, `Unsupported argument of ${name}`);
    return payload === 'Wildcard' ? undefined : payload.Expr;
  });
  if (isAggregate(name)) return aggregate(name, exprs[0], scope);
  const values = exprs.map((expr) => (expr === undefined ? typed(scope, null) : evaluate(expr, scope)));
  const engine = scope.env.call?.(
    name,
    values.map((v) => v.value),
  );
  if (engine) return typed(scope, engine.value);
  const value = callFunction(
    name,
    values.map((v) => v.value),
    scope.env,
  );
  // COALESCE, IFF and the like take the type of the arguments they pass through.
  const passed = values.find((v, i) => i > 0 && v.value !== null && v.value === value) ?? values[0];
  return typed(scope, value, passed && passed.value === value && value !== null ? passed.type : undefined);
}

function aggregate(name: string, expr: AstNode | undefined, scope: Scope): Typed {
  const rows = scope.group ?? [scope.sources];
  const values = rows.map((sources) => (expr ? evaluate(expr, { ...scope, sources }).value : 1));
  const present = values.filter((value) => value !== null);
  const upper = name.toUpperCase();
  if (upper === 'COUNT') return typed(scope, present.length);
  if (present.length === 0) return typed(scope, null);
  if (upper === 'SUM') {
    const big = present.some((value) => typeof value === 'bigint');
    const sum = present.reduce<SqlValue>((total, value) => arithmetic('Plus', total, value), big ? 0n : 0);
    return typed(scope, sum);
  }
  const sorted = [...present].sort((a, b) => compare(a, b, scope.env) ?? 0);
  return typed(scope, upper === 'MIN' ? sorted[0]! : sorted[sorted.length - 1]!);
}

/** Whether an expression holds an aggregate call (outside subqueries): the SELECT is then grouped. */
export function hasAggregate(node: AstNode): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(hasAggregate);
  if ('Function' in node) {
    const name = node.Function.name.map((part: AstNode) => variant(part)[1].value).join('.');
    if (isAggregate(name)) return true;
  }
  if ('Subquery' in node || 'Exists' in node || 'InSubquery' in node) return false;
  return Object.values(node).some(hasAggregate);
}
