import type { DatabaseEngine } from '../catalog/model.js';
import { DatataskError, ErrorCode } from '../core/errors.js';

/** sqlparser-rs dialect names this package parses with. */
export type SqlDialect =
  | 'postgresql'
  | 'redshift'
  | 'mysql'
  | 'snowflake'
  | 'bigquery'
  | 'mssql'
  | 'databricks'
  | 'duckdb'
  | 'generic'
  | 'ansi';

const engineDialects: Record<DatabaseEngine, SqlDialect> = {
  postgres: 'postgresql',
  redshift: 'redshift',
  mysql: 'mysql',
  snowflake: 'snowflake',
  bigquery: 'bigquery',
  sqlserver: 'mssql',
  databricks: 'databricks',
  duckdb: 'duckdb',
};

const parserDialects = new Set<string>(Object.values(engineDialects).concat(['generic', 'ansi']));

/** The parser dialect of an engine (postgres -> postgresql, sqlserver -> mssql ...). */
export function engineSqlDialect(engine: DatabaseEngine): SqlDialect {
  return engineDialects[engine];
}

/**
 * Accepts an engine name (`postgres`, `sqlserver`) or a parser dialect name (`postgresql`, `mssql`, as in
 * `adapter.capabilities.sqlDialect`). An unknown name throws rather than falling back to a lenient dialect.
 */
export function resolveSqlDialect(dialect: string): SqlDialect {
  const name = dialect.trim().toLowerCase();
  if (name in engineDialects) return engineDialects[name as DatabaseEngine];
  if (parserDialects.has(name)) return name as SqlDialect;
  throw new DatataskError(
    ErrorCode.INVALID_INPUT,
    `Unknown SQL dialect "${dialect}": use an engine (${Object.keys(engineDialects).join(', ')}) or a parser dialect (${[...parserDialects].join(', ')})`,
  );
}
