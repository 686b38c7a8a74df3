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

const nextStatement = /Expected: end of statement, found: .+? at Line: (\d+), Column: (\d+)/;

/** Offset of a 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let n = 1; n < line; n++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

/**
 * The statements of `sql` in `dialect`; SQL the dialect cannot parse throws a 'syntax' error with the parser's text.
 * A T-SQL batch needs no `;` between statements: where the parser stops at the start of a next statement, the rest
 * is parsed as the batch's next statements (SQL Server's own rule; sqlparser-rs asks for the separator).
 */
export function parseStatements(sql: string, dialect: FakeDialect): AstNode[] {
  const parser = requireSqlParser();
  try {
    return parser.parseWithComments(sql, dialect).statements;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const boundary = dialect === 'mssql' ? nextStatement.exec(message) : null;
    if (boundary) {
      const offset = offsetOf(sql, Number(boundary[1]), Number(boundary[2]));
      if (offset > 0 && offset < sql.length) {
        return [...parseStatements(sql.slice(0, offset), dialect), ...parseStatements(sql.slice(offset), dialect)];
      }
    }
    throw new FakeSqlError('syntax', firstWord(sql), message);
  }
}

export function firstWord(sql: string): string {
  return sql.trim().split(/\s+/)[0] ?? '';
}

/** The one node of a tagged union (`{ Select: {...} }` -> ['Select', {...}]); strings are unit variants. */
export function variant(node: unknown): [string, AstNode] {
  if (typeof node === 'string') return [node, undefined];
  const entries = Object.entries((node ?? {}) as Record<string, unknown>);
  if (entries.length !== 1) throw new FakeSqlError('unsupported', String(JSON.stringify(node)).slice(0, 80));
  return entries[0] as [string, AstNode];
}
