import { DatataskError, ErrorCode } from '../core/errors.js';
import { readOnlyRule, statementKeyword, statementKind, statementViolation } from './ast-check.js';
import { resolveSqlDialect, type SqlDialect } from './dialects.js';
import { lexicalProblem } from './lexical-check.js';
import { type ParsedComment, requireSqlParser, type SqlParserModule } from './parser.js';
import type { SqlScope } from './sql-scope.js';
import { statementWords, trimStatement } from './sql-text.js';

export { engineSqlDialect } from './dialects.js';
export { loadSqlParser } from './parser.js';

export type ReadOnlyCheck =
  | {
      ok: true;
      /** The statement as written, without trailing semicolons and comments: the text to run. */
      statement: string;
      /** The parser's canonical rendering, for logs, caching and comparison (not meant to be run). */
      normalized: string;
    }
  | { ok: false; reason: string; code: 'READ_ONLY_VIOLATION' | 'PARSE_ERROR' };

export interface ReadOnlyCheckOptions {
  /**
   * The tables the SQL may read (`sqlScopeFromCatalog(catalog)`). Without it every table reference is refused:
   * the check fails closed.
   */
  scope?: SqlScope;
  /** A parser other than the one `loadSqlParser()` loaded (tests, bundlers). */
  parser?: SqlParserModule;
  /** Longer SQL is refused before parsing. @default 100000 */
  maxLength?: number;
}

/** Words that begin statements which write, run code, change the session or manage transactions. */
const writeKeywords = new Set(
  (
    'INSERT UPDATE DELETE MERGE UPSERT REPLACE DROP CREATE ALTER TRUNCATE RENAME GRANT REVOKE DENY COPY UNLOAD LOAD ' +
    'CALL EXEC EXECUTE DO HANDLER BEGIN START COMMIT ROLLBACK ABORT END SAVEPOINT RELEASE SET RESET VACUUM ANALYZE ' +
    'OPTIMIZE REINDEX CLUSTER LOCK UNLOCK LISTEN NOTIFY UNLISTEN DECLARE PREPARE DEALLOCATE ATTACH DETACH INSTALL ' +
    'PUT GET REMOVE USE KILL SHUTDOWN FLUSH PURGE REFRESH COMMENT SECURITY IMPORT EXPORT DISCARD CHECKPOINT MSCK ' +
    'RESTORE BACKUP DBCC BULK WAITFOR OPEN CLOSE FETCH MOVE UNDROP PRAGMA REASSIGN CACHE UNCACHE FORCE'
  ).split(' '),
);

const violation = (reason: string): ReadOnlyCheck => ({ ok: false, code: 'READ_ONLY_VIOLATION', reason });
const parseError = (reason: string): ReadOnlyCheck => ({ ok: false, code: 'PARSE_ERROR', reason });

/** Explains SQL the parser refused: a write keyword or a second statement is named; anything else is a parse error. */
function explainUnparsable(sql: string, dialect: SqlDialect, parserMessage: string): ReadOnlyCheck {
  const statements = statementWords(sql, dialect);
  if (statements.length > 1) {
    const leads = statements.map((words) => words[0]).join('; ');
    return violation(`Multiple statements are not allowed (found ${statements.length}: ${leads}): ${readOnlyRule}`);
  }
  const words = statements[0] ?? [];
  const lead = words[0];
  if (lead && writeKeywords.has(lead)) return violation(`${lead} is not allowed: ${readOnlyRule}`);
  const locking = words.join(' ').match(/\b(FOR (NO KEY UPDATE|KEY SHARE|UPDATE|SHARE)|LOCK IN SHARE MODE)\b/)?.[0];
  if (locking) return violation(`The locking clause ${locking} is not allowed (it locks rows): ${readOnlyRule}`);
  // T-SQL chains statements without semicolons: `SELECT 1 DROP TABLE t` fails at the second statement's keyword.
  const found = /found: (\p{L}+)/u.exec(parserMessage)?.[1]?.normalize('NFKC').toUpperCase();
  if (found && writeKeywords.has(found)) {
    return violation(`${found} is not allowed (statements may not be chained after the query): ${readOnlyRule}`);
  }
  const intoFile = words.findIndex((word, i) => word === 'INTO' && /^(OUTFILE|DUMPFILE)$/.test(words[i + 1] ?? ''));
  if (intoFile !== -1) {
    return violation(`INTO ${words[intoFile + 1]} is not allowed (it writes a file on the server): ${readOnlyRule}`);
  }
  return parseError(`The SQL does not parse as ${dialect}: ${parserMessage.replace(/^sql parser error: /, '')}`);
}

/**
 * Decides whether model-written SQL may run. An allowlist at every level: exactly one statement, which must be a
 * query (SELECT, WITH, VALUES, set operations); every table it names is a table or view of `options.scope` (CTE names
 * aside; system catalogs and other databases are out of scope); every function is a side-effect-free built-in of the
 * dialect (no user-defined, quoted or schema-qualified functions, nothing that runs SQL given as a string, reads
 * files or changes state); no data-modifying WITH, SELECT INTO, locking clause or hint, variable, custom operator or
 * cast to a non-built-in type; and, before parsing, none of the forms the server reads differently from the parser
 * (MySQL executable comments, Unicode escapes, invisible characters). Refusals say what to write instead.
 * `dialect` is an engine (`postgres`) or a parser dialect (`postgresql`). Needs `await loadSqlParser()` once.
 * Pair it with the adapter's `query(sql, [], { sandbox: true })`, which makes the database enforce read-only too.
 */
export function checkReadOnlySql(sql: string, dialect: string, options: ReadOnlyCheckOptions = {}): ReadOnlyCheck {
  const parserDialect = resolveSqlDialect(dialect);
  const parser = options.parser ?? requireSqlParser();
  if (typeof sql !== 'string' || sql.trim() === '') {
    return parseError(`The SQL is empty: ${readOnlyRule}`);
  }
  const maxLength = options.maxLength ?? 100_000;
  if (sql.length > maxLength) {
    return parseError(`The SQL is ${sql.length} characters long, over the limit of ${maxLength}`);
  }

  // Forms the server reads differently from the parser are refused whatever the parser makes of them; when the
  // statement parses as something other than a query, that is the more useful reason and is given first.
  const lexical = lexicalProblem(sql, parserDialect);
  let parsed: { statements: unknown[]; comments: ParsedComment[] };
  try {
    parsed = parser.parseWithComments(sql, parserDialect);
  } catch (error) {
    if (lexical) return violation(`${lexical.reason}: ${readOnlyRule}`);
    return explainUnparsable(sql, parserDialect, error instanceof Error ? error.message : String(error));
  }
  if (lexical) {
    const kinds = parsed.statements.map((statement) => statementKind(statement));
    const writes = kinds.find((kind) => kind !== 'Query' && kind !== 'Explain');
    const reason = writes ? `${statementKeyword(writes)} is not allowed` : lexical.reason;
    return violation(`${reason}: ${readOnlyRule}`);
  }

  const { statements, comments } = parsed;
  if (statements.length === 0) return parseError(`No SQL statement found (only comments?): ${readOnlyRule}`);
  if (statements.length > 1) {
    const kinds = statements.map((statement) => statementKeyword(statementKind(statement))).join('; ');
    return violation(`Multiple statements are not allowed (found ${statements.length}: ${kinds}): ${readOnlyRule}`);
  }
  // Engines disagree on whether block comments nest; refusing nesting removes any doubt about where one ends.
  if (comments.some((comment) => comment.commentType === 'multiLine' && comment.content.includes('/*'))) {
    return violation(`Nested block comments are not allowed (engines disagree on where they end): ${readOnlyRule}`);
  }
  // Only `EXPLAIN SELECT|WITH` written exactly so: any option (ANALYZE, ANALYSE, "analyze" 1 ...) is refused.
  const plainExplain = /^\s*EXPLAIN\s+(SELECT|WITH)\b/i.test(sql);
  const reason = statementViolation(statements[0], parserDialect, options.scope, plainExplain);
  if (reason) return violation(reason);

  const statement = trimStatement(sql, comments);
  let normalized = statement;
  try {
    normalized = parser.format(statement, parserDialect);
  } catch {
    // The check already passed on the parse above; a printer failure only costs the canonical form.
  }
  return { ok: true, statement, normalized };
}

/** Like `checkReadOnlySql`, but throws DatataskError(READ_ONLY_VIOLATION) naming what was found; returns the check. */
export function assertReadOnlySql(
  sql: string,
  dialect: string,
  options: ReadOnlyCheckOptions = {},
): { statement: string; normalized: string } {
  const check = checkReadOnlySql(sql, dialect, options);
  if (check.ok) return { statement: check.statement, normalized: check.normalized };
  throw new DatataskError(ErrorCode.READ_ONLY_VIOLATION, check.reason, {
    details: { reason: check.code, dialect },
  });
}
