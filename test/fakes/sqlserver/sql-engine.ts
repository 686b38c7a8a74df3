/**
 * What the fake answers to each statement: the adapter's tagged catalog queries from the fixture, constant SELECTs
 * (literals and @parameters), GENERATE_SERIES for large results, WAITFOR for a statement that only ends when
 * cancelled, and SQL Server's own errors for the rest.
 */
import { type CatalogKind, catalogColumns, type ResultSet } from './catalog-data.js';
import type { ClientRequest, ParamValue } from './requests.js';
import type { FakeColumn, FakeColumnType, FakeValue, ServerMessage } from './tokens.js';

export type Answer =
  | { kind: 'results'; sets: ResultSet[] }
  | { kind: 'error'; error: ServerMessage }
  | { kind: 'done' }
  /** Runs until the client sends an attention. */
  | { kind: 'slow' };

export interface SessionInfo {
  database: string;
  restricted: boolean;
  restrictedSchema: string;
  version: string;
  catalog(kind: CatalogKind): ResultSet;
  /** Injected failure of a catalog query kind (permission denied and the like). */
  failure(kind: string): ServerMessage | undefined;
}

const catalogKinds = new Set<string>(Object.keys(catalogColumns));

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of list) {
    if (char === "'") quoted = !quoted;
    if (!quoted && char === '(') depth++;
    if (!quoted && char === ')') depth--;
    if (!quoted && depth === 0 && char === ',') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

class UnknownExpression extends Error {}

function evaluate(expression: string, params: Record<string, ParamValue>): ParamValue {
  const text = expression.trim();
  const cast = /^CAST\s*\((.*)\s+AS\s+[\w()\s,]+\)$/is.exec(text);
  if (cast) return evaluate(cast[1] ?? '', params);
  const param = /^@(\w+)$/.exec(text);
  if (param) {
    const name = param[1] ?? '';
    const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) throw new UnknownExpression(`Must declare the scalar variable "@${name}".`);
    return params[key] ?? null;
  }
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d*\.\d+$/.test(text)) return Number(text);
  const string = /^N?'((?:[^']|'')*)'$/is.exec(text);
  if (string) return (string[1] ?? '').replace(/''/g, "'");
  if (/^NULL$/i.test(text)) return null;
  throw new UnknownExpression(`Incorrect syntax near '${text.slice(0, 30)}'.`);
}

function columnType(value: ParamValue): FakeColumnType {
  if (typeof value === 'boolean') return 'bit';
  if (typeof value === 'bigint') return 'bigint';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'float';
    return Math.abs(value) > 2_147_483_647 ? 'bigint' : 'int';
  }
  return 'nvarchar';
}

function toFakeValue(value: ParamValue): FakeValue {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}

/** `SELECT <expr> [AS alias], ...` without FROM. */
function constantSelect(sql: string, params: Record<string, ParamValue>): Answer | undefined {
  const match = /^\s*SELECT\s+(.+?)\s*;?\s*$/is.exec(sql);
  if (!match || /\bFROM\b/i.test(match[1] ?? '')) return undefined;
  const columns: FakeColumn[] = [];
  const values: FakeValue[] = [];
  try {
    for (const item of splitTopLevel(match[1] ?? '')) {
      const aliased = /^(.*?)\s+AS\s+\[?(\w+)\]?$/is.exec(item);
      const value = evaluate(aliased ? (aliased[1] ?? '') : item, params);
      columns.push({ name: aliased?.[2] ?? '', type: columnType(value) });
      values.push(toFakeValue(value));
    }
  } catch (error) {
    if (!(error instanceof UnknownExpression)) throw error;
    const number = error.message.startsWith('Must declare') ? 137 : 102;
    return { kind: 'error', error: { number, message: error.message, severity: 15 } };
  }
  return { kind: 'results', sets: [{ columns, rows: [values] }] };
}

function series(sql: string): Answer | undefined {
  const match =
    /^\s*SELECT\s+value(?:\s+AS\s+\[?(\w+)\]?)?\s+FROM\s+GENERATE_SERIES\s*\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)/is.exec(sql);
  if (!match) return undefined;
  const start = Number(match[2]);
  const stop = Number(match[3]);
  const rows: FakeValue[][] = [];
  for (let n = start; n <= stop; n++) rows.push([n]);
  return { kind: 'results', sets: [{ columns: [{ name: match[1] ?? 'value', type: 'int' }], rows }] };
}

export function answer(request: ClientRequest, session: SessionInfo): Answer {
  const sql = request.sql;
  const tag = /--\s*datatasks:(\w+)/.exec(sql)?.[1];
  if (tag) {
    const failure = session.failure(tag);
    if (failure) return { kind: 'error', error: failure };
    if (tag === 'server') {
      const columns: FakeColumn[] = [
        { name: 'version', type: 'nvarchar' },
        { name: 'product_version', type: 'nvarchar' },
        { name: 'database_name', type: 'nvarchar' },
      ];
      return { kind: 'results', sets: [{ columns, rows: [[session.version, '16.0.1000.6', session.database]] }] };
    }
    if (catalogKinds.has(tag)) return { kind: 'results', sets: [session.catalog(tag as CatalogKind)] };
  }
  if (/^\s*(SET\s|set\s)/.test(sql) || sql.trim() === '') return { kind: 'done' };
  if (/\bWAITFOR\s+DELAY\b/i.test(sql)) return { kind: 'slow' };
  const restrictedRef = new RegExp(`\\b\\[?${session.restrictedSchema}\\]?\\s*\\.\\s*\\[?(\\w+)`, 'i').exec(sql);
  if (session.restricted && restrictedRef) {
    const message = `The SELECT permission was denied on the object '${restrictedRef[1]}', database '${session.database}', schema '${session.restrictedSchema}'.`;
    return { kind: 'error', error: { number: 229, message, severity: 14, state: 5 } };
  }
  const generated = series(sql) ?? constantSelect(sql, request.params);
  if (generated) return generated;
  const object = /\bFROM\s+([\w.[\]]+)/i.exec(sql)?.[1];
  if (object) return { kind: 'error', error: { number: 208, message: `Invalid object name '${object}'.` } };
  return { kind: 'error', error: { number: 102, message: `Incorrect syntax near '${sql.trim().slice(0, 20)}'.` } };
}
