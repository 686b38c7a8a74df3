/** Converts QueryParams to snowflake-sdk binds: positional as they are, named `:name` rewritten to `:N`. */
import { DatataskError, ErrorCode } from '../../core/errors.js';
import type { QueryParams } from '../adapter.js';
import type { SnowflakeBind } from './driver-types.js';

/** The driver binds strings, numbers, booleans and null: other values are sent in Snowflake's text forms. */
export function toBind(value: unknown): SnowflakeBind {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}

/**
 * Replaces `:name` placeholders outside strings, quoted identifiers, comments and `::` casts with `:N`. Snowflake
 * binds only by position, so a name used twice maps to the same position.
 */
export function rewriteNamedParams(sql: string, params: Readonly<Record<string, unknown>>) {
  const order: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const rest = sql.slice(i);
    const skipped =
      /^'(?:[^'\\]|\\.|'')*'/.exec(rest) ??
      /^"(?:[^"]|"")*"/.exec(rest) ??
      /^\$\$[\s\S]*?\$\$/.exec(rest) ??
      /^--[^\n]*/.exec(rest) ??
      /^\/\*[\s\S]*?\*\//.exec(rest) ??
      /^::/.exec(rest);
    if (skipped) {
      out += skipped[0];
      i += skipped[0].length;
      continue;
    }
    const named = /^:([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (named) {
      const name = named[1]!;
      if (!Object.hasOwn(params, name)) {
        throw new DatataskError(ErrorCode.INVALID_INPUT, `No value given for the named parameter :${name}`);
      }
      let position = order.indexOf(name);
      if (position < 0) position = order.push(name) - 1;
      out += `:${position + 1}`;
      i += named[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return { sqlText: out, binds: order.map((name) => toBind(params[name])) };
}

export function toStatement(sql: string, params: QueryParams | undefined) {
  if (params === undefined) return { sqlText: sql, binds: undefined };
  if (Array.isArray(params)) return { sqlText: sql, binds: (params as unknown[]).map(toBind) };
  return rewriteNamedParams(sql, params as Readonly<Record<string, unknown>>);
}
