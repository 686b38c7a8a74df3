/** Comparison, LIKE and CAST of cell values, the way SQL treats them (NULL is unknown, bits compare as numbers). */
import type { SqlEnv, SqlValue } from './model.js';

const numeric = (value: SqlValue): value is number | bigint => typeof value === 'number' || typeof value === 'bigint';

/** -1, 0, 1, or null when either side is NULL. */
export function compare(a: SqlValue, b: SqlValue, env: SqlEnv): number | null {
  if (a === null || b === null) return null;
  if (typeof a === 'boolean' && numeric(b)) a = a ? 1 : 0;
  if (typeof b === 'boolean' && numeric(a)) b = b ? 1 : 0;
  if (numeric(a) && numeric(b)) return Math.sign(Number(a) - Number(b));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  let left = typeof a === 'object' ? JSON.stringify(a) : String(a);
  let right = typeof b === 'object' ? JSON.stringify(b) : String(b);
  if (env.caseInsensitive) [left, right] = [left.toLowerCase(), right.toLowerCase()];
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Ordering for ORDER BY: NULLs first (or last where the engine says so). */
export function orderCompare(a: SqlValue, b: SqlValue, env: SqlEnv): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null ? -1 : 1) * (env.nullsLast ? -1 : 1);
  }
  return compare(a, b, env) ?? 0;
}

/** LIKE with % and _ (and SQL Server's [set] classes), optionally case-insensitive. */
export function like(value: SqlValue, pattern: SqlValue, insensitive: boolean, escapeChar?: string): boolean | null {
  if (value === null || pattern === null) return null;
  let source = '';
  const text = String(pattern);
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (escapeChar !== undefined && char === escapeChar && i + 1 < text.length) source += escapeRegExp(text[++i]!);
    else if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, insensitive ? 'i' : '').test(String(value));
}

const escapeRegExp = (char: string) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function truthy(value: SqlValue): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (numeric(value)) return Number(value) !== 0;
  return String(value).toLowerCase() === 'true';
}

export function toText(value: SqlValue): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** A value converted to a CAST target, by the family of its engine type name. */
export function castValue(value: SqlValue, type: string): SqlValue {
  if (value === null) return null;
  const name = type.toLowerCase();
  if (/char|text|string/.test(name)) return toText(value);
  if (/bit|bool/.test(name)) return truthy(value);
  if (/bigint/.test(name)) return typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
  if (/int|fixed|number/.test(name)) return Number(value);
  if (/float|double|real/.test(name)) return Number(value);
  return value;
}

/** + - * / over numbers (bigint when either side is one); NULL in, NULL out. */
export function arithmetic(op: string, a: SqlValue, b: SqlValue): SqlValue {
  if (a === null || b === null) return null;
  if (op === 'StringConcat') return toText(a) + toText(b);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const [x, y] = [BigInt(a as bigint), BigInt(b as bigint)];
    const result = { Plus: x + y, Minus: x - y, Multiply: x * y, Divide: y === 0n ? null : x / y }[op];
    if (result !== undefined) return result;
  }
  const [x, y] = [Number(a), Number(b)];
  const result = { Plus: x + y, Minus: x - y, Multiply: x * y, Divide: y === 0 ? null : x / y }[op];
  return result === undefined ? null : result;
}
