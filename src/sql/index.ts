export { isAllowedFunction } from './allowed-functions.js';
export { engineSqlDialect } from './dialects.js';
export { loadSqlParser, type SqlParserModule } from './parser.js';
export { assertReadOnlySql, checkReadOnlySql, type ReadOnlyCheckOptions } from './read-only-guard.js';
