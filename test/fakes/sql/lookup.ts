/**
 * Hash lookups for `a.col = <expr>` conditions, so a join or a correlated EXISTS over a thousand-table catalog stays
 * fast. Only the candidate rows are narrowed: the whole condition is still evaluated on each of them.
 */
import { evaluate } from './expressions.js';
import type { Relation, SqlEnv, SqlValue } from './model.js';
import { type AstNode, variant } from './parse.js';
import type { Scope } from './scope.js';

const indexes = new WeakMap<Relation, Map<number, Map<string, SqlValue[][]>>>();

/** Equal keys for values `compare` calls equal (bits as numbers, case folded where the collation ignores case). */
export function lookupKey(value: SqlValue, env: SqlEnv): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'bigint') return String(Number(value));
  if (typeof value === 'object') return JSON.stringify(value);
  return env.caseInsensitive ? value.toLowerCase() : value;
}

function indexOf(relation: Relation, column: number, env: SqlEnv): Map<string, SqlValue[][]> {
  let byColumn = indexes.get(relation);
  if (!byColumn) {
    byColumn = new Map();
    indexes.set(relation, byColumn);
  }
  let index = byColumn.get(column);
  if (!index) {
    index = new Map();
    for (const row of relation.rows) {
      const key = lookupKey(row[column] ?? null, env);
      if (key === undefined) continue;
      const list = index.get(key);
      if (list) list.push(row);
      else index.set(key, [row]);
    }
    byColumn.set(column, index);
  }
  return index;
}

/** The AND-ed parts of a condition. */
export function conjuncts(node: AstNode | undefined): AstNode[] {
  if (!node) return [];
  const [kind, body] = variant(node);
  if (kind === 'Nested') return conjuncts(body);
  if (kind === 'BinaryOp' && body.op === 'And') return [...conjuncts(body.left), ...conjuncts(body.right)];
  return [node];
}

/** Qualifiers an expression names; undefined when it has an unqualified column or a subquery. */
function qualifiers(node: AstNode, env: SqlEnv): Set<string> | undefined {
  const found = new Set<string>();
  const walk = (n: AstNode): boolean => {
    if (n === null || typeof n !== 'object') return true;
    if (Array.isArray(n)) return n.every(walk);
    if ('Identifier' in n && Object.keys(n).length === 1) return String(n.Identifier.value).startsWith('@');
    if ('CompoundIdentifier' in n) {
      found.add(env.fold(n.CompoundIdentifier[n.CompoundIdentifier.length - 2]));
      return true;
    }
    if ('Subquery' in n || 'Exists' in n || 'InSubquery' in n) return false;
    return Object.values(n).every(walk);
  };
  return walk(node) ? found : undefined;
}

/**
 * Rows of `relation` (read as `key`) that can satisfy `conditions`: the smallest index bucket among the
 * `key.col = expr` whose other side names none of `local` (it is evaluated in `scope`); all rows otherwise.
 */
export function candidates(
  relation: Relation,
  key: string,
  conditions: AstNode[],
  local: Set<string>,
  scope: Scope,
): SqlValue[][] {
  const env = scope.env;
  let best: SqlValue[][] = relation.rows;
  for (const condition of conditions) {
    const [kind, body] = variant(condition);
    if (kind !== 'BinaryOp' || body.op !== 'Eq') continue;
    for (const [mine, other] of [
      [body.left, body.right],
      [body.right, body.left],
    ] as const) {
      const [mineKind, parts] = variant(mine);
      if (mineKind !== 'CompoundIdentifier' || parts.length !== 2 || env.fold(parts[0]) !== key) continue;
      const column = relation.columns.findIndex(
        (c) => env.fold({ value: c.name, quote_style: '"' }) === env.fold(parts[1]),
      );
      const names = qualifiers(other, env);
      if (column < 0 || !names || [...names].some((name) => local.has(name))) continue;
      const lookup = lookupKey(evaluate(other, scope).value, env);
      const found = lookup === undefined ? [] : (indexOf(relation, column, env).get(lookup) ?? []);
      if (found.length < best.length) best = found;
    }
  }
  return best;
}
