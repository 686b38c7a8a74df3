/**
 * A small SQL evaluator over sqlparser-rs's AST, enough for the catalog statements the adapters send: SELECT lists
 * with aliases, joins on conditions, derived tables, WHERE, GROUP BY with SUM/COUNT/MIN/MAX, EXISTS, CASE, CAST,
 * UNION [ALL], ORDER BY and LIMIT/TOP. Every name is resolved against the relations the statement names, so a wrong
 * view or column fails like on the real engine, even when no row would reach it.
 */
import { evaluate } from './expressions.js';
import { FakeSqlError, type Relation, type SqlEnv, type SqlValue } from './model.js';
import { type AstNode, variant } from './parse.js';
import type { Scope } from './scope.js';
import { runSelect, type SelectResult } from './select.js';
import { orderCompare } from './values.js';

function body(node: AstNode, scope: Scope): SelectResult {
  const [kind, payload] = variant(node);
  if (kind === 'Select') return runSelect(payload, scope);
  if (kind === 'Query') {
    const result = runQueryIn(payload, scope);
    return { ...result, scopes: [] };
  }
  if (kind === 'SetOperation') {
    if (payload.op !== 'Union') throw new FakeSqlError('unsupported', payload.op, `${payload.op} is not evaluated`);
    const left = body(payload.left, scope);
    const right = body(payload.right, scope);
    if (left.columns.length !== right.columns.length) {
      throw new FakeSqlError('syntax', 'UNION', 'Each side of a UNION must have the same number of columns');
    }
    let rows = [...left.rows, ...right.rows];
    if (payload.set_quantifier !== 'All') {
      const seen = new Set<string>();
      rows = rows.filter((row) => {
        const key = JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    return { columns: left.columns, rows, scopes: [] };
  }
  throw new FakeSqlError('unsupported', kind, `The fake does not evaluate ${kind}`);
}

/** ORDER BY: a selected column (by name, alias or position), else an expression over the row's FROM sources. */
function orderKeys(result: SelectResult, order: AstNode[], scope: Scope): Array<(row: number) => SqlValue> {
  const names = result.columns.map((column) => scope.env.fold({ value: column.name, quote_style: '"' }));
  return order.map(({ expr }) => {
    const [kind, payload] = variant(expr);
    if (kind === 'Value' && variant(payload.value)[0] === 'Number') {
      const position = Number(variant(payload.value)[1][0]) - 1;
      return (row) => result.rows[row]![position] ?? null;
    }
    const selected = kind === 'Identifier' ? names.indexOf(scope.env.fold(payload)) : -1;
    if (selected >= 0) return (row) => result.rows[row]![selected] ?? null;
    if (!result.check) {
      throw new FakeSqlError('column', JSON.stringify(payload).slice(0, 40), 'ORDER BY of a UNION names a column');
    }
    // The names are checked even over no rows.
    evaluate(expr, result.check);
    return (row) => evaluate(expr, result.scopes[row]!).value;
  });
}

function orderBy(result: SelectResult, query: AstNode, scope: Scope): SqlValue[][] {
  const [kind, payload] = query.order_by ? variant(query.order_by.kind) : ['None', undefined];
  if (kind === 'None') return result.rows;
  if (kind !== 'Expressions') throw new FakeSqlError('unsupported', 'ORDER BY ALL', 'ORDER BY ALL');
  const keys = orderKeys(result, payload, scope);
  const descending = payload.map((item: AstNode) => item.options?.asc === false);
  const indexes = result.rows.map((_, i) => i);
  indexes.sort((a, b) => {
    for (const [k, key] of keys.entries()) {
      const order = orderCompare(key(a), key(b), scope.env) * (descending[k] ? -1 : 1);
      if (order !== 0) return order;
    }
    return a - b;
  });
  return indexes.map((i) => result.rows[i]!);
}

function limit(rows: SqlValue[][], query: AstNode, scope: Scope): SqlValue[][] {
  const clause = query.limit_clause ? variant(query.limit_clause) : undefined;
  if (!clause) return rows;
  if (clause[0] !== 'LimitOffset') throw new FakeSqlError('unsupported', clause[0], 'LIMIT form');
  const offset = clause[1].offset ? Number(evaluate(clause[1].offset.value, scope).value) : 0;
  const count = clause[1].limit ? Number(evaluate(clause[1].limit, scope).value) : undefined;
  return rows.slice(offset, count === undefined ? undefined : offset + count);
}

function runQueryIn(query: AstNode, scope: Scope): Relation {
  if (query.with) throw new FakeSqlError('unsupported', 'WITH', 'The fake does not evaluate WITH');
  const result = body(query.body, scope);
  const ordered = orderBy(result, query, scope);
  const topped = result.top === undefined ? ordered : ordered.slice(0, result.top);
  return { columns: result.columns, rows: limit(topped, query, scope) };
}

function rootScope(env: SqlEnv): Scope {
  const scope: Scope = {
    env,
    sources: [],
    checking: false,
    positional: { next: 0 },
    subquery: (query, outer) => runQueryIn(query, { ...rootScopeOf(outer), parent: outer }),
  };
  return scope;
}

const rootScopeOf = (outer: Scope): Scope => ({ ...outer, sources: [], group: undefined, checking: false });

/** Runs a parsed `Query` statement node against the engine's relations. Throws FakeSqlError. */
export function runQuery(query: AstNode, env: SqlEnv): Relation {
  return runQueryIn(query, rootScope(env));
}
