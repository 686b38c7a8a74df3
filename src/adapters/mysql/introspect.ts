import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { throwIfAborted, toDatataskError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { IntrospectOptions } from '../adapter.js';
import { fieldValueSettings } from '../kernel/field-values.js';
import { isFatalForOptionalPart, readOptionalPart } from '../kernel/optional-part.js';
import { buildSchemas, type Row } from './build-catalog.js';
import {
  type BoundSql,
  columnsQuery,
  indexesQuery,
  keyColumnsQuery,
  partitionsQuery,
  referentialRulesQuery,
  schemataQuery,
  tablesQuery,
  viewsQuery,
} from './catalog-queries.js';
import { addSampleStats, statsSettings } from './column-stats.js';
import type { MysqlConnections } from './connections.js';
import { applyEngineStats, columnStatsTableQuery } from './engine-stats.js';
import { addMysqlFieldValues } from './field-values.js';
import { innodbForeignKeyColumnsQuery, innodbForeignKeysQuery, keysFromInnodb } from './innodb-keys.js';
import { runStatement } from './run-statement.js';

export interface IntrospectContext {
  connections: MysqlConnections;
  redactor: Redactor;
  /** Name of the one catalog database the MySQL databases (schemas) are placed in. */
  databaseName: string;
}

/**
 * Like Promise.all, but waits for every read to settle before throwing the first failure, so no statement is still
 * holding a pooled session when the caller goes on to close the adapter.
 */
async function allSettledOrThrow<T extends readonly unknown[]>(
  reads: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(reads);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Errors that end the whole introspection rather than one optional part of it (the kernel's one rule). */
const isFatal = isFatalForOptionalPart;

/**
 * Reads the catalog in a fixed number of information_schema statements on one connection, whatever the number of
 * tables, with the schema and table filters pushed into their WHERE clauses. MySQL "databases" are the schemas of
 * one catalog database. Optional parts (views, keys, indexes, partitions) that fail become warnings.
 */
export async function introspectMysql(context: IntrospectContext, options: IntrospectOptions): Promise<Catalog> {
  const { connections, redactor, databaseName } = context;
  const signal = options.signal;
  throwIfAborted(signal);
  const introspectedAt = new Date().toISOString();
  return connections.withConnection(signal, async (lease) => {
    const serverVersion = await connections.serverVersion(lease.connection);
    const catalog: Catalog = {
      formatVersion: 1,
      engine: 'mysql',
      serverVersion,
      introspectedAt,
      databases: [],
      warnings: [],
    };
    if (!compileFilter(options.databases).matches(databaseName)) return catalog;

    const select = async (query: BoundSql): Promise<Row[]> =>
      (await runStatement(connections, lease, redactor, query.sql, query.params, signal ? { signal } : {})).rows;
    // information_schema views are slow one by one on MariaDB: the independent reads run at once on pooled sessions
    // (the same statements, less wall time).
    const selectOnOwnSession = (query: BoundSql): Promise<Row[]> =>
      connections.withConnection(
        signal,
        async (own) =>
          (await runStatement(connections, own, redactor, query.sql, query.params, signal ? { signal } : {})).rows,
        { discard: true },
      );
    const warnings: CatalogWarning[] = [];
    const part = { warnings, signal, classify: (error: unknown) => toDatataskError(error) };
    const optional = (scope: string, query: BoundSql): Promise<Row[] | undefined> =>
      readOptionalPart<Row[] | undefined>(part, scope, () => selectOnOwnSession(query), undefined);
    const progress = (step: string, counts: { schemas?: number; tables?: number; columns?: number } = {}) =>
      options.onProgress?.({ step, databases: 1, ...counts });

    progress('schemas');
    // Every information_schema read opens the definition of every table in its schemas, and the reads slow each
    // other down: views, partitions and foreign key rules are read, as soon as the tables or keys arrive, only in
    // the schemas those show to have some (the statement is sent either way: the count stays constant), and keys
    // come from InnoDB's dictionary where it can be read.
    const schemasWith = (rows: Row[] | undefined, has: (row: Row) => boolean) => [
      ...new Set((rows ?? []).filter(has).map((row) => String(row.TABLE_SCHEMA))),
    ];
    const tablesRead = selectOnOwnSession(tablesQuery(options));
    const indexesRead = optional('indexes', indexesQuery(options));
    /** Keys from InnoDB's dictionary where it can be read (MariaDB), else from the two information_schema views. */
    const readKeys = async (): Promise<{ keyColumns?: Row[] | undefined; referentialRules?: Row[] | undefined }> => {
      if (/mariadb/i.test(serverVersion)) {
        const dictionary = await Promise.all([
          selectOnOwnSession(innodbForeignKeysQuery),
          selectOnOwnSession(innodbForeignKeyColumnsQuery),
        ]).catch((error: unknown) => {
          // Without PROCESS the dictionary is closed: the views below give the same keys.
          if (isFatal(error, signal)) throw error;
          return undefined;
        });
        const indexRows = await indexesRead;
        const keys = dictionary && indexRows ? keysFromInnodb(dictionary[0], dictionary[1], indexRows) : undefined;
        if (keys) return keys;
      }
      const keyColumns = await optional('keys', keyColumnsQuery(options));
      const withForeignKeys = schemasWith(keyColumns, (row) => row.REFERENCED_TABLE_NAME != null);
      return {
        keyColumns,
        referentialRules: await optional('foreign key rules', referentialRulesQuery(options, withForeignKeys)),
      };
    };
    const [schemata, tables, columns, views, { keyColumns, referentialRules }, indexes, partitions] =
      await allSettledOrThrow([
        select(schemataQuery(options)),
        tablesRead,
        selectOnOwnSession(columnsQuery(options)),
        tablesRead.then((rows) =>
          optional(
            'views',
            viewsQuery(
              options,
              schemasWith(rows, (row) => String(row.TABLE_TYPE).includes('VIEW')),
            ),
          ),
        ),
        readKeys(),
        indexesRead,
        tablesRead.then((rows) =>
          optional(
            'partitions',
            partitionsQuery(
              options,
              schemasWith(rows, (row) => /partitioned/i.test(String(row.CREATE_OPTIONS ?? ''))),
            ),
          ),
        ),
      ]);
    progress('tables', { schemas: schemata.length, tables: tables.length, columns: columns.length });

    // Qualified globs (schema.table) cannot be pushed into SQL: they are checked here.
    const schemaFilter = compileFilter(options.schemas);
    const tableFilter = compileFilter(options.tables);
    const built = buildSchemas(
      databaseName,
      {
        schemata: schemata.filter((row) => schemaFilter.matches(String(row.SCHEMA_NAME))),
        tables,
        columns,
        ...(views ? { views } : {}),
        ...(keyColumns ? { keyColumns } : {}),
        ...(referentialRules ? { referentialRules } : {}),
        ...(indexes ? { indexes } : {}),
        ...(partitions ? { partitions } : {}),
      },
      (schema, table) => schemaFilter.matches(schema) && tableFilter.matches(table, `${schema}.${table}`),
    );
    warnings.push(...built.warnings);

    const stats = statsSettings(options.columnStats);
    if (stats) {
      progress('columnStats');
      const targets = built.schemas.flatMap((schema) =>
        schema.tables.filter((table) => table.kind !== 'view').map((table) => ({ schema: schema.name, table })),
      );
      // One statement for every table's engine statistics (MariaDB); the rest are sampled, within the cap.
      const engineRows = /mariadb/i.test(serverVersion)
        ? await select(columnStatsTableQuery(built.schemas.map((schema) => schema.name))).catch((error: unknown) => {
            if (isFatal(error, signal)) throw error;
            return [];
          })
        : [];
      const covered = applyEngineStats(engineRows, targets);
      const unsampled = targets.filter(({ table }) => !covered.has(table));
      warnings.push(
        ...(await addSampleStats(unsampled, stats, databaseName, (sql) => select({ sql, params: [] }), signal)),
      );
    }
    catalog.databases = [{ name: databaseName, schemas: built.schemas }];
    const valueSettings = fieldValueSettings(options.fieldValues);
    if (valueSettings) {
      progress('fieldValues');
      warnings.push(...(await addMysqlFieldValues(catalog.databases, valueSettings, select, signal)));
    }
    catalog.warnings = warnings;
    progress('done', {
      schemas: built.schemas.length,
      tables: built.schemas.reduce((sum, schema) => sum + schema.tables.length, 0),
    });
    return catalog;
  });
}
