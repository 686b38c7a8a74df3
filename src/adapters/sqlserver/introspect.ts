/**
 * Introspection of the connected database: the server query, then one sys.* query per entity kind, one after the
 * other on the pool (a constant number of round trips). A kind that cannot be read becomes a warning, except the
 * schemas, tables and columns without which there is no catalog.
 */
import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { type DatataskError, ErrorCode } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog } from '../kernel/assemble-catalog.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import { type CatalogKind, catalogQueries, essentialKinds, serverInfoSql } from './catalog-queries.js';
import { type Row, SqlServerRowMapper } from './catalog-rows.js';
import type { SqlServerConnections } from './connection.js';
import { abortReason } from './errors.js';
import { runStatement } from './statement.js';

/** Schemas SQL Server creates in every database; db_* role schemas have ids 16384 and up. */
const systemSchemas = new Set(['sys', 'information_schema', 'guest']);
const isSystemSchema = (row: Row) =>
  systemSchemas.has(String(row.schema_name).toLowerCase()) || Number(row.schema_id) >= 16384;

export async function introspectSqlServer(
  connections: SqlServerConnections,
  options: IntrospectOptions,
): Promise<Catalog> {
  const { signal } = options;
  if (signal?.aborted) throw abortReason(signal);
  const run = async (sql: string) => (await runStatement(connections, sql, undefined, signal ? { signal } : {})).rows;
  const progress = (step: string, counts: Record<string, number> = {}) => {
    options.onProgress?.({ step, ...counts });
    if (signal?.aborted) throw abortReason(signal);
  };

  const [server] = await run(serverInfoSql);
  const database = String(server?.database_name ?? '');
  const serverVersion = String(server?.version ?? '')
    .split('\n')[0]
    ?.trim();
  progress('server', { databases: 1 });
  const warnings: CatalogWarning[] = [];
  if (options.columnStats) {
    warnings.push({
      code: ErrorCode.NOT_SUPPORTED,
      message: 'SQL Server: column statistics are not read',
      scope: 'stats',
    });
  }
  if (!compileFilter(options.databases).matches(database)) {
    return assembleCatalog(
      { databases: [], schemas: [], relations: [], columns: [] },
      catalogOptions(serverVersion, warnings),
    );
  }

  const results = await readCatalog(run, signal, warnings, progress);
  const tableRows = results.tables ?? [];
  const readable = readableSchemas(results.schemas ?? [], tableRows, database, options, warnings);
  const mapper = new SqlServerRowMapper(database, tableRows);
  return assembleCatalog(
    {
      databases: [{ name: database }],
      schemas: mapper.schemas(readable),
      relations: mapper.relations(tableRows),
      columns: mapper.columns(results.columns ?? []),
      constraints: mapper.constraints(results.keys ?? [], results.foreign_keys ?? []),
      indexes: mapper.indexes(results.indexes ?? []),
      partitions: mapper.partitions(results.partitions ?? []),
    },
    {
      ...catalogOptions(serverVersion, warnings),
      filters: { schemas: options.schemas ?? {}, tables: options.tables ?? {} },
    },
  );
}

type Progress = (step: string, counts?: Record<string, number>) => void;

/** One query per kind, one after the other; an optional kind that fails is a warning and reads as no rows. */
async function readCatalog(
  run: (sql: string) => Promise<Row[]>,
  signal: AbortSignal | undefined,
  warnings: CatalogWarning[],
  progress: Progress,
): Promise<Partial<Record<CatalogKind, Row[]>>> {
  const results: Partial<Record<CatalogKind, Row[]>> = {};
  for (const kind of Object.keys(catalogQueries) as CatalogKind[]) {
    try {
      results[kind] = await run(catalogQueries[kind]);
    } catch (error) {
      if (essentialKinds.has(kind) || isFatalForOptionalPart(error, signal)) throw error;
      warnings.push({ code: (error as DatataskError).code, message: (error as Error).message, scope: kind });
      results[kind] = [];
    }
    const count = results[kind]?.length ?? 0;
    progress(kind, kind === 'schemas' || kind === 'tables' || kind === 'columns' ? { [kind]: count } : {});
  }
  return results;
}

/** Schemas the filters keep and the login can read; an unreadable schema is a warning. */
function readableSchemas(
  schemaRows: Row[],
  tableRows: Row[],
  database: string,
  options: IntrospectOptions,
  warnings: CatalogWarning[],
): Row[] {
  const schemaFilter = compileFilter(options.schemas);
  const kept = schemaRows.filter((row) => {
    if (!options.includeSystemSchemas && isSystemSchema(row)) return false;
    return schemaFilter.matches(String(row.schema_name), `${database}.${row.schema_name}`);
  });
  const hasTables = new Set(tableRows.map((row) => String(row.schema_name)));
  return kept.filter((row) => {
    if (row.can_select === false || row.can_select === 0) {
      warnings.push({
        code: ErrorCode.PERMISSION_DENIED,
        message: `SQL Server: no SELECT permission on schema ${row.schema_name}; its tables are left out`,
        scope: `${database}.${row.schema_name}`,
      });
      return false;
    }
    // dbo exists in every database: listed only when it holds something.
    return String(row.schema_name).toLowerCase() !== 'dbo' || hasTables.has(String(row.schema_name));
  });
}

function catalogOptions(serverVersion: string | undefined, warnings: CatalogWarning[]) {
  return { engine: 'sqlserver' as const, ...(serverVersion ? { serverVersion } : {}), warnings };
}
