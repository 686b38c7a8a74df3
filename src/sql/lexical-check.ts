import type { SqlDialect } from './dialects.js';

const mysqlFamily = new Set<SqlDialect>(['mysql']);
const unicodeEscapeDialects = new Set<SqlDialect>(['postgresql', 'redshift', 'duckdb', 'generic', 'ansi']);

/** Characters some engines read as white space or as nothing at all while the parser may not (or the reverse). */
function isAmbiguousSpace(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (
    code === 0x7f ||
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    code === 0x180e ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x2064) ||
    code === 0x3000 ||
    code === 0xfeff ||
    code === 0xff1b
  );
}

function ambiguousCharacter(sql: string): number | undefined {
  for (let i = 0; i < sql.length; i++) {
    const code = sql.charCodeAt(i);
    if (isAmbiguousSpace(code)) return code;
  }
  return undefined;
}

export interface LexicalProblem {
  reason: string;
}

/**
 * Refuses, before parsing, the forms the parser may read differently from the server:
 * - MySQL/MariaDB executable comments (`/*!`, `/*M!`) and optimizer hints (`/*+` on every engine: pg_hint_plan
 *   reads `Set(statement_timeout "0")` from one), which the server runs as code;
 * - MySQL `--` not followed by a space (a comment to the parser, two minus signs to the server);
 * - MySQL strings with a backslash or in double quotes (their meaning depends on the server's sql_mode);
 * - PostgreSQL/DuckDB Unicode-escape names and strings (`U&"\0070g_read_file"`), which the parser reads as `U & "..."`;
 * - control characters, invisible or exotic white space and full-width semicolons outside and inside names.
 * The scan is only a refusal: SQL that passes it still goes through the parser and the allowlist.
 */
export function lexicalProblem(sql: string, dialect: SqlDialect): LexicalProblem | undefined {
  const space = ambiguousCharacter(sql);
  if (space !== undefined) {
    const code = space.toString(16).toUpperCase().padStart(4, '0');
    return { reason: `The character U+${code} is not allowed in SQL (engines disagree on what it is)` };
  }
  if (mysqlFamily.has(dialect)) return mysqlProblem(sql);
  // Optimizer hints are code to the server in several engines (pg_hint_plan's Set(statement_timeout ...) on
  // PostgreSQL); a hint inside a string literal is harmless but refused too rather than parsed twice.
  if (/\/\*\s*\+/.test(sql)) {
    return { reason: 'Optimizer hints (/*+ ... */) are not allowed: some servers run them as settings' };
  }
  if (unicodeEscapeDialects.has(dialect) && /(^|[^A-Za-z0-9_$])u&['"]/i.test(sql)) {
    return { reason: 'Unicode escapes (U&"..." and U&\'...\') are not allowed: write the name or text plainly' };
  }
  return undefined;
}

/** Walks MySQL text, skipping strings, names and comments the way the server does. */
function mysqlProblem(sql: string): LexicalProblem | undefined {
  let i = 0;
  while (i < sql.length) {
    const two = sql.slice(i, i + 2);
    const ch = sql[i] as string;
    if (two === '/*') {
      if (/^\/\*\s*(!|M!|\+)/.test(sql.slice(i, i + 6))) {
        return {
          reason:
            'MySQL/MariaDB executable comments and optimizer hints (/*! ... */, /*M! ... */, /*+ ... */) are not allowed: the server runs them as code',
        };
      }
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (two === '--') {
      if (!/^--(\s|$)/.test(sql.slice(i, i + 3))) {
        return {
          reason:
            'In MySQL "--" without a space after it is not allowed (the server reads it as two minus signs, not a comment): write "- -" or "-- "',
        };
      }
      i = skipLine(sql, i);
    } else if (ch === '#') {
      i = skipLine(sql, i);
    } else if (ch === '"') {
      return {
        reason: 'Double-quoted text is not allowed in MySQL SQL: use single quotes for strings, backticks for names',
      };
    } else if (ch === "'" || ch === '`') {
      const end = sql.indexOf(ch, i + 1);
      const body = sql.slice(i + 1, end === -1 ? sql.length : end);
      if (body.includes('\\')) {
        return { reason: 'Backslashes in MySQL strings and names are not allowed (their meaning depends on sql_mode)' };
      }
      i = end === -1 ? sql.length : end + 1;
    } else i += 1;
  }
  return undefined;
}

function skipLine(sql: string, start: number): number {
  const end = sql.indexOf('\n', start);
  return end === -1 ? sql.length : end + 1;
}
