/** The parser the package ships (sqlparser-rs in WASM), used by every fake on every statement it receives. */
import { loadSqlParser, requireSqlParser } from '../../../src/sql/parser.js';
import { FakeSqlError } from './model.js';

// biome-ignore lint/suspicious/noExplicitAny: the parser's AST is untyped JSON, read node by node.
export type AstNode = any;

export type FakeDialect = 'mssql' | 'bigquery' | 'snowflake' | 'databricks';

/** Await once before a fake accepts connections (the WASM module loads asynchronously). */
export async function loadFakeParser(): Promise<void> {
  await loadSqlParser();
}

/** The statements of `sql` in `dialect`; SQL the dialect cannot parse throws a 'syntax' error with the parser's text. */
export function parseStatements(sql: string, dialect: FakeDialect): unknown[] {
  try {
    return requireSqlParser().parseWithComments(sql, dialect).statements;
  } catch (error) {
    throw new FakeSqlError('syntax', firstWord(sql), error instanceof Error ? error.message : String(error));
  }
}

export function firstWord(sql: string): string {
  return sql.trim().split(/\s+/)[0] ?? '';
}

/** The one node of a tagged union (`{ Select: {...} }` -> ['Select', {...}]); strings are unit variants. */
export function variant(node: unknown): [string, AstNode] {
  if (typeof node === 'string') return [node, undefined];
  const entries = Object.entries((node ?? {}) as Record<string, unknown>);
  if (entries.length !== 1) throw new FakeSqlError('unsupported', JSON.stringify(node).slice(0, 80));
  return entries[0] as [string, AstNode];
}
