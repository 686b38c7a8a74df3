import type { SqlDialect } from './dialects.js';
import type { ParsedComment } from './parser.js';

const backslashEscapes = new Set<SqlDialect>(['mysql', 'bigquery', 'databricks', 'snowflake']);
const hashComments = new Set<SqlDialect>(['mysql', 'bigquery']);
const dollarQuotes = new Set<SqlDialect>(['postgresql', 'redshift', 'duckdb', 'snowflake']);

function skipQuoted(sql: string, start: number, close: string, backslash: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslash && ch === '\\') i += 2;
    else if (ch === close && sql[i + 1] === close) i += 2;
    else if (ch === close) return i + 1;
    else i += 1;
  }
  return sql.length;
}

function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  return sql.length;
}

/**
 * The words of each top-level statement (split on `;` outside strings and comments), NFKC-normalised and upper-cased
 * so that full-width letters read as what they look like. Only used to explain a statement the parser refused: the
 * decision to run SQL never rests on this scan.
 */
export function statementWords(sql: string, dialect: SqlDialect): string[][] {
  const statements: string[][] = [[]];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const rest = sql.slice(i, i + 2);
    if (rest === '--' || (ch === '#' && hashComments.has(dialect))) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (rest === '/*') {
      i = skipBlockComment(sql, i);
    } else if (ch === "'") {
      i = skipQuoted(sql, i, "'", backslashEscapes.has(dialect) || /[eE]$/.test(sql.slice(0, i)));
    } else if (ch === '"' || ch === '`') {
      i = skipQuoted(sql, i, ch, false);
    } else if (ch === '[' && dialect === 'mssql') {
      i = skipQuoted(sql, i, ']', false);
    } else if (ch === '$' && dollarQuotes.has(dialect) && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = (sql.slice(i).match(/^\$[A-Za-z_]*\$/) as RegExpMatchArray)[0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? sql.length : end + tag.length;
    } else if (ch === ';' || ch === '\uFF1B') {
      statements.push([]);
      i += 1;
    } else {
      const word = /^[\p{L}_][\p{L}\p{N}_$]*/u.exec(sql.slice(i, i + 200));
      if (word) {
        (statements.at(-1) as string[]).push(word[0].normalize('NFKC').toUpperCase());
        i += word[0].length;
      } else i += 1;
    }
  }
  return statements.filter((words) => words.length > 0);
}

/** UTF-16 offset of a parser location (1-based line and column, columns counted in code points). */
function offsetAt(sql: string, line: number, column: number): number {
  let currentLine = 1;
  let currentColumn = 1;
  let offset = 0;
  for (const ch of sql) {
    if (currentLine === line && currentColumn === column) return offset;
    if (ch === '\n') {
      currentLine += 1;
      currentColumn = 1;
    } else currentColumn += 1;
    offset += ch.length;
  }
  return offset;
}

/**
 * The statement without surrounding whitespace, trailing semicolons and trailing comments, so that callers can wrap
 * it (`SELECT * FROM (<statement>) LIMIT n`) without a trailing `-- comment` swallowing their closing parenthesis.
 * Uses the parser's own comment positions.
 */
export function trimStatement(sql: string, comments: readonly ParsedComment[]): string {
  const ranges = comments.map((comment) => ({
    start: offsetAt(sql, comment.startLine, comment.startColumn),
    end: offsetAt(sql, comment.endLine, comment.endColumn),
  }));
  let text = sql;
  for (;;) {
    const trimmed = text.trimEnd();
    if (trimmed.endsWith(';')) {
      text = trimmed.slice(0, -1);
      continue;
    }
    const last = ranges.find((range) => range.start < trimmed.length && range.end >= trimmed.length);
    if (last) {
      text = trimmed.slice(0, last.start);
      continue;
    }
    return trimmed.trimStart();
  }
}
