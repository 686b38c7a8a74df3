import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { ErrorCode } from '../../core/errors.js';
import type { IntrospectOptions, IntrospectProgress } from '../adapter.js';
import { assembleCatalog, type ColumnStatsRow } from '../kernel/assemble-catalog.js';
import { fieldValueSettings } from '../kernel/field-values.js';
import { optionalParts, recordOptionalFailure } from '../kernel/optional-part.js';
import type { PgConnectionPool, PgSession } from '../pg-wire/connection.js';
import { numberedKeyGroups } from './catalog-keys.js';
import * as q from './catalog-queries.js';
import { type Row, toColumnGroup, toPartition, toRelation, toSchema } from './catalog-rows.js';
import { columnStats, type PgStatsRow, readPgStats, type StatsSettings, statsSettings } from './column-stats.js';
import { addPgFieldValues } from './field-values.js';

/**
 * Runs one big catalog read in its own READ ONLY transaction with JIT compilation off. The planner's cost estimates
 * of these joins pass jit_above_cost from a few thousand tables on, and compiling them took longer than running
 * them (at 50,000 tables: constraints 1.24 -> 0.78 s, columns 2.7 -> 2.3 s of server time). SET LOCAL ends with the
 * transaction, so nothing leaks into the pooled connection (or, behind a transaction-pooling PgBouncer, into
 * another client's). A failed read rolls back, so a caller that goes on (an optional part) finds the session usable.
 */
async function withoutJit<T>(session: PgSession, signal: AbortSignal | undefined, read: () => Promise<T>): Promise<T> {
  await session.run('BEGIN READ ONLY; SET LOCAL jit = off', undefined, { signal });
  let result: T;
  try {
    result = await read();
  } catch (error) {
    // Best effort: on a lost or cancelled connection the pool destroys the session anyway.
    await session.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
  await session.run('COMMIT', undefined, { signal });
  return result;
}

/** What every read of one introspection shares: its session, the pool for parallel reads, warnings, progress. */
function catalogReader(pool: PgConnectionPool, session: PgSession, options: IntrospectOptions) {
  const signal = options.signal;
  const warnings: CatalogWarning[] = [];
  const part = { warnings, signal, classify: (error: unknown, doing: string) => pool.classify(error, doing) };
  return {
    session,
    options,
    warnings,
    part,
    optional: optionalParts(part),
    run: async (query: q.CatalogQuery, on: PgSession = session): Promise<Row[]> =>
      (await on.run(query.text, query.values, { signal })).rows,
    /** Each row mapped as it arrives (the raw rows of the biggest reads never pile up), without JIT. */
    runMapped: <T>(query: q.CatalogQuery, map: (row: Row) => T | undefined, on: PgSession = session): Promise<T[]> =>
      withoutJit(on, signal, () => on.runMapped(query.text, query.values, map, { signal })),
    /** Work on a pooled session of its own, so the big reads run at once. */
    onOwnSession: <T>(work: (other: PgSession) => Promise<T>): Promise<T> =>
      pool.withSession('introspection', signal, work),
    progress: (step: string, counts: Omit<IntrospectProgress, 'step'>) => options.onProgress?.({ step, ...counts }),
  };
}
type CatalogReader = ReturnType<typeof catalogReader>;

/**
 * The reads after the version, at once, on four sessions whose chains of statements are about as long as the
 * columns read, the longest: relations, partitions and statistics on this one; columns; constraints; indexes, then
 * schemas (with their enums and sequences). A chain of short reads on one session ended after the columns, and every
 * turn of it waited for this process, busy mapping the big reads' rows, to send the next statement.
 */
async function readRows(reader: CatalogReader, database: string, settings: StatsSettings | undefined) {
  const { run, optional, options, progress } = reader;
  const onThisSession = async () => {
    const relations = await reader.runMapped(q.relationsQuery(options), (row) => toRelation(database, row));
    progress('tables', { tables: relations.length });
    const partitions = await optional('partitions', async () =>
      (await run(q.partitionsQuery(options))).map((row) => toPartition(database, row)),
    );
    const pgStats: PgStatsRow[] = settings
      ? await optional('column statistics', () => readPgStats(reader.session, options))
      : [];
    return { relations, partitions, pgStats };
  };
  // Keys and indexes go into their relations' groups as they arrive; a part that fails leaves none of its own.
  const keys = numberedKeyGroups(database);
  const [parts, columnGroups, , schemaRows] = await Promise.all([
    onThisSession(),
    reader.onOwnSession((other) =>
      reader.runMapped(q.columnsQuery(options), (row) => keys.columnsRead(toColumnGroup(database, row)), other),
    ),
    optional('constraints', () =>
      reader.onOwnSession((other) =>
        reader.runMapped(q.constraintsQuery(options), keys.addConstraint, other).catch(keys.dropConstraints),
      ),
    ),
    reader.onOwnSession(async (other) => {
      // A failed optional read rolls back and leaves the session usable; a lost connection fails the schemas too.
      await optional('indexes', () =>
        reader.runMapped(q.indexesQuery(options), keys.addIndex, other).catch(keys.dropIndexes),
      );
      const rows = await run(q.schemasQuery(options), other);
      progress('schemas', { databases: 1, schemas: rows.length });
      return rows;
    }),
  ]);
  const columnCount = columnGroups.reduce((sum, group) => sum + group.columns.length, 0);
  progress('columns', { columns: columnCount });
  return { ...parts, schemaRows, columnGroups, columnCount, keyGroups: keys.named() };
}

/** Schemas without USAGE and relations without SELECT: listed as far as they can be, each with a warning. */
function privilegeWarnings(database: string, schemaRows: Row[], relations: ReturnType<typeof toRelation>[]) {
  const warnings: CatalogWarning[] = [];
  for (const row of schemaRows.filter((r) => r.usable === false)) {
    warnings.push({
      code: ErrorCode.PERMISSION_DENIED,
      message: `No USAGE privilege on schema "${String(row.schema)}": its tables are not listed`,
      scope: `${database}.${String(row.schema)}`,
    });
  }
  for (const relation of relations.filter((r) => !r.canSelect)) {
    warnings.push({
      code: ErrorCode.PERMISSION_DENIED,
      message: `No SELECT privilege on "${relation.schema}"."${relation.table}": listed, but its rows cannot be read`,
      scope: `${database}.${relation.schema}.${relation.table}`,
    });
  }
  return warnings;
}

/**
 * Reads the connected database's catalog: a constant number of statements (version, schemas with their enums and
 * sequences, relations, columns, constraints, indexes, partitions, and pg_stats when column statistics are asked),
 * whatever the table count. After the version, the reads run at once: the big ones on pooled sessions, the small
 * ones one after another on this session, and the relations, columns, keys and indexes are mapped row by row as
 * they arrive (no read's raw rows are held; keys and indexes get their column names once the columns are in).
 * Constraints, indexes, partitions and statistics are optional parts (see kernel/optional-part.ts).
 */
export function introspectPostgres(pool: PgConnectionPool, options: IntrospectOptions): Promise<Catalog> {
  return pool.withSession('introspection', options.signal, async (session) => {
    const reader = catalogReader(pool, session, options);
    const { warnings, optional, progress } = reader;
    const [version] = await reader.run(q.versionQuery());
    const database = String(version?.database ?? '');
    const settings = statsSettings(options.columnStats);
    const rows = await readRows(reader, database, settings);
    const { schemaRows, relations, columnGroups } = rows;
    warnings.push(...privilegeWarnings(database, schemaRows, relations));
    const stats: ColumnStatsRow[] = settings
      ? await optional('column statistics', () =>
          columnStats(session, rows.pgStats, {
            options,
            settings,
            relations,
            columns: columnGroups.flatMap(({ schema, table, columns }) =>
              columns.map(({ name }) => ({ schema, table, name })),
            ),
            warnings,
            onError: (relation, error) =>
              recordOptionalFailure(reader.part, `${database}.${relation.schema}.${relation.table}`, error, 'sampling'),
          }),
        )
      : [];
    const catalog = assembleCatalog(
      {
        databases: [{ name: database }],
        schemas: schemaRows.filter((r) => r.usable !== false).map((r) => toSchema(database, r)),
        relations,
        columns: [],
        columnGroups,
        keyGroups: rows.keyGroups,
        partitions: rows.partitions,
        stats,
      },
      {
        engine: 'postgres',
        serverVersion: String(version?.version ?? ''),
        warnings,
        filters: { schemas: options.schemas, tables: options.tables },
      },
    );
    const valueSettings = fieldValueSettings(options.fieldValues);
    if (valueSettings) {
      progress('fieldValues', { tables: relations.length });
      await optional('field values', async () => [await addPgFieldValues(session, catalog, valueSettings, options)]);
    }
    progress('done', { databases: 1, schemas: schemaRows.length, tables: relations.length, columns: rows.columnCount });
    return catalog;
  });
}
