export { isAllowedFunction } from './allowed-functions.js';
export { readOnlyRule } from './ast-check.js';
export { engineSqlDialect, resolveSqlDialect, type SqlDialect } from './dialects.js';
export { loadSqlParser, type ParsedComment, type SqlParserModule, sqlParserPackage } from './parser.js';
export {
  assertReadOnlySql,
  checkReadOnlySql,
  type ReadOnlyCheck,
  type ReadOnlyCheckOptions,
} from './read-only-guard.js';
export { type SqlScope, sqlScopeFromCatalog } from './sql-scope.js';
