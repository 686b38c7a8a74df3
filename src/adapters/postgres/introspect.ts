import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { ErrorCode } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog, type ColumnStatsRow } from '../kernel/assemble-catalog.js';
import { fieldValueSettings } from '../kernel/field-values.js';
import { optionalParts, recordOptionalFailure } from '../kernel/optional-part.js';
import type { PgConnectionPool } from '../pg-wire/connection.js';
import * as q from './catalog-queries.js';
import {
  columnNamer,
  type Row,
  toColumn,
  toConstraint,
  toIndex,
  toPartition,
  toRelation,
  toSchema,
} from './catalog-rows.js';
import { columnStats, type PgStatsRow, readPgStats, statsSettings } from './column-stats.js';
import { addPgFieldValues } from './field-values.js';

/**
 * Reads the connected database's catalog: a constant number of statements (version, schemas with their enums and
 * sequences, relations, columns, constraints, indexes, partitions, and pg_stats when column statistics are asked),
 * whatever the table count. After the version, the reads run at once: the big ones on pooled sessions, the small
 * ones one after another on this session, and rows are mapped as each read arrives (raw rows do not wait for the
 * rest). Constraints, indexes, partitions and statistics are optional parts (see kernel/optional-part.ts).
 */
export function introspectPostgres(pool: PgConnectionPool, options: IntrospectOptions): Promise<Catalog> {
  const signal = options.signal;
  return pool.withSession('introspection', signal, async (session) => {
    const run = async (query: q.CatalogQuery): Promise<Row[]> =>
      (await session.run(query.text, query.values, { signal })).rows;
    const runOnOwnSession = (query: q.CatalogQuery): Promise<Row[]> =>
      pool.withSession(
        'introspection',
        signal,
        async (other) => (await other.run(query.text, query.values, { signal })).rows,
      );
    const warnings: CatalogWarning[] = [];
    const progress = (step: string, counts: Omit<Parameters<NonNullable<typeof options.onProgress>>[0], 'step'>) =>
      options.onProgress?.({ step, ...counts });
    const part = { warnings, signal, classify: (error: unknown, doing: string) => pool.classify(error, doing) };
    const optional = optionalParts(part);

    const [version] = await run(q.versionQuery());
    const database = String(version?.database ?? '');
    const settings = statsSettings(options.columnStats);
    const small = async () => {
      const schemaRows = await run(q.schemasQuery(options));
      progress('schemas', { databases: 1, schemas: schemaRows.length });
      const relations = (await run(q.relationsQuery(options))).map((row) => toRelation(database, row));
      progress('tables', { tables: relations.length });
      const partitions = await optional('partitions', async () =>
        (await run(q.partitionsQuery(options))).map((row) => toPartition(database, row)),
      );
      const pgStats: PgStatsRow[] = settings
        ? await optional('column statistics', () => readPgStats(session, options))
        : [];
      return { schemaRows, relations, partitions, pgStats };
    };
    const [{ schemaRows, relations, partitions, pgStats }, columns, constraintRows, indexRows] = await Promise.all([
      small(),
      runOnOwnSession(q.columnsQuery(options)).then((rows) => rows.map((row) => toColumn(database, row))),
      optional('constraints', () => runOnOwnSession(q.constraintsQuery(options))),
      optional('indexes', () => runOnOwnSession(q.indexesQuery(options))),
    ]);
    progress('columns', { columns: columns.length });
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
    const nameColumns = columnNamer(columns);
    const stats: ColumnStatsRow[] = settings
      ? await optional('column statistics', () =>
          columnStats(session, pgStats, {
            options,
            settings,
            relations,
            columns,
            warnings,
            onError: (relation, error) =>
              recordOptionalFailure(part, `${database}.${relation.schema}.${relation.table}`, error, 'sampling'),
          }),
        )
      : [];
    const catalog = assembleCatalog(
      {
        databases: [{ name: database }],
        schemas: schemaRows.filter((r) => r.usable !== false).map((r) => toSchema(database, r)),
        relations,
        columns,
        constraints: constraintRows.map((row) => toConstraint(database, row, nameColumns)),
        indexes: indexRows.map((row) => toIndex(database, row, nameColumns)),
        partitions,
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
    progress('done', { databases: 1, schemas: schemaRows.length, tables: relations.length, columns: columns.length });
    return catalog;
  });
}
