import { DatataskError, ErrorCode } from '../core/errors.js';
import { loadDriver } from '../core/load-driver.js';

/** Position-tagged comment as the parser saw it (so nesting rules are the dialect's, not a regex's). */
export interface ParsedComment {
  commentType: 'singleLine' | 'multiLine';
  content: string;
  prefix?: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** The part of `@guanmingchiu/sqlparser-ts` (sqlparser-rs in WASM) the guard uses. */
export interface SqlParserModule {
  init(): Promise<void>;
  parseWithComments(sql: string, dialect: string): { statements: unknown[]; comments: ParsedComment[] };
  format(sql: string, dialect: string): string;
}

export const sqlParserPackage = '@guanmingchiu/sqlparser-ts';

// The WASM module is process-wide state of the parser package itself (its `init()` is memoised there); this only
// remembers that it finished loading, so the checks can stay synchronous.
let loadedParser: SqlParserModule | undefined;
let loadingParser: Promise<SqlParserModule> | undefined;

/**
 * Imports and initialises the SQL parser (about 3.7 MB of WASM) once. Await it before the first
 * `checkReadOnlySql`; later calls return the same module. A parser can be injected (tests, bundlers).
 */
export async function loadSqlParser(injected?: SqlParserModule): Promise<SqlParserModule> {
  if (injected) {
    await injected.init();
    return injected;
  }
  if (loadedParser) return loadedParser;
  loadingParser ??= (async () => {
    const parser = await loadDriver<SqlParserModule>(sqlParserPackage);
    await parser.init();
    loadedParser = parser;
    return parser;
  })();
  try {
    return await loadingParser;
  } catch (error) {
    loadingParser = undefined;
    throw error;
  }
}

/** The loaded parser, or an error telling the caller to await `loadSqlParser()` first (fails closed). */
export function requireSqlParser(): SqlParserModule {
  if (loadedParser) return loadedParser;
  throw new DatataskError(
    ErrorCode.INTERNAL,
    'The SQL parser is not loaded: await loadSqlParser() once before checking SQL (the check refuses to run unparsed SQL)',
  );
}
