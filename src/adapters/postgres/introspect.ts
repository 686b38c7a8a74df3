import type { Catalog, CatalogWarning, TableKind } from '../../catalog/model.js';
import { ErrorCode } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import {
  assembleCatalog,
  type ColumnRow,
  type ColumnStatsRow,
  type ConstraintRow,
  type IndexRow,
  type PartitionRow,
  type RelationRow,
} from '../shared/assemble-catalog.js';
import type { PgConnectionPool } from '../shared/pg-session.js';
import { readColumnStats, statsSettings } from './column-stats.js';
import * as q from './queries.js';
import { toEnums, toSequences } from './schema-objects.js';

type Row = Record<string, unknown>;
const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
const kinds: Record<string, TableKind> = {
  r: 'table',
  v: 'view',
  m: 'materialized_view',
  f: 'foreign',
  p: 'partitioned',
};
const fkActions: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};
const strategies: Record<string, string> = { r: 'range', l: 'list', h: 'hash' };
const constraintKinds: Record<string, ConstraintRow['kind']> = { p: 'primary', f: 'foreign', u: 'unique', c: 'check' };

/**
 * Reads the connected database's catalog: a constant number of statements (version, schemas, relations, columns,
 * constraints, indexes, partitions, and pg_stats when column statistics are asked), whatever the table count.
 * Constraints, indexes, partitions and statistics are optional parts: when one fails it becomes a warning.
 */
export function introspectPostgres(pool: PgConnectionPool, options: IntrospectOptions): Promise<Catalog> {
  const signal = options.signal;
  return pool.withSession('introspection', signal, async (session) => {
    const run = async (query: q.CatalogQuery): Promise<Row[]> =>
      (await session.run(query.text, query.values, { signal })).rows;
    const warnings: CatalogWarning[] = [];
    const progress = (step: string, counts: Omit<Parameters<NonNullable<typeof options.onProgress>>[0], 'step'>) =>
      options.onProgress?.({ step, ...counts });
    /** Runs an optional part; its failure is a warning, an abort still stops everything. */
    const optional = async <T>(scope: string, read: () => Promise<T[]>): Promise<T[]> => {
      try {
        return await read();
      } catch (error) {
        const typed = pool.classify(error, `reading ${scope}`);
        // A lost connection is not an unreadable part: fail (and be retried) rather than succeed with a partial catalog.
        if (signal?.aborted || typed.code === ErrorCode.CONNECTION_FAILED) throw signal?.aborted ? error : typed;
        warnings.push({ code: typed.code, message: typed.message, scope });
        return [];
      }
    };

    const [version] = await run(q.versionQuery());
    const database = String(version?.database ?? '');
    const schemaRows = await run(q.schemasQuery(options));
    progress('schemas', { databases: 1, schemas: schemaRows.length });
    for (const row of schemaRows.filter((r) => r.usable === false)) {
      warnings.push({
        code: ErrorCode.PERMISSION_DENIED,
        message: `No USAGE privilege on schema "${String(row.schema)}": its tables are not listed`,
        scope: `${database}.${String(row.schema)}`,
      });
    }
    // The big catalog reads are independent: run them at once on pooled sessions (same statements, less wall time).
    const runOnOwnSession = (query: q.CatalogQuery): Promise<Row[]> =>
      pool.withSession(
        'introspection',
        signal,
        async (other) => (await other.run(query.text, query.values, { signal })).rows,
      );
    const [relationRows, columnRows, constraintRows, indexRows] = await Promise.all([
      run(q.relationsQuery(options)),
      runOnOwnSession(q.columnsQuery(options)),
      optional('constraints', () => runOnOwnSession(q.constraintsQuery(options))),
      optional('indexes', () => runOnOwnSession(q.indexesQuery(options))),
    ]);
    const relations = relationRows.map((row) => ({
      database,
      schema: String(row.schema),
      table: String(row.table),
      kind: row.persistence === 't' ? 'temporary' : (kinds[String(row.relkind)] ?? 'table'),
      comment: str(row.comment),
      rowCountEstimate: row.row_estimate as number | null,
      sizeBytes: row.size_bytes as number | null,
      viewDefinition: str(row.view_definition)?.trim() ?? null,
      canSelect: row.can_select === true,
    })) satisfies Array<RelationRow & { canSelect: boolean }>;
    for (const relation of relations.filter((r) => !r.canSelect)) {
      warnings.push({
        code: ErrorCode.PERMISSION_DENIED,
        message: `No SELECT privilege on "${relation.schema}"."${relation.table}": listed, but its rows cannot be read`,
        scope: `${database}.${relation.schema}.${relation.table}`,
      });
    }
    progress('tables', { tables: relations.length });
    const columns: ColumnRow[] = columnRows.map((row) => ({
      database,
      schema: String(row.schema),
      table: String(row.table),
      name: String(row.name),
      ordinal: Number(row.ordinal),
      nativeType: String(row.native_type),
      familyType: str(row.family_type),
      nullable: row.nullable === true,
      default: str(row.default),
      comment: str(row.comment),
      isIdentity: row.is_identity === true,
      isGenerated: row.is_generated === true,
    }));
    progress('columns', { columns: columns.length });
    // attnum -> name per table, to name the key and index columns the catalog queries return as numbers.
    const columnNamesByTable = new Map<string, Map<number, string>>();
    for (const column of columns) {
      const key = `${column.schema}\u0000${column.table}`;
      const names = columnNamesByTable.get(key) ?? new Map<number, string>();
      columnNamesByTable.set(key, names);
      names.set(Number(column.ordinal), column.name);
    }
    const nameColumns = (row: Row, numbers: unknown): string[] => {
      const names = columnNamesByTable.get(`${String(row.schema)}\u0000${String(row.table)}`);
      // Expression entries (0) have no column name; the index definition carries them.
      return ((numbers as number[] | null) ?? []).flatMap((n) => (n > 0 && names?.has(n) ? [names.get(n)!] : []));
    };
    const constraints = constraintRows.map(
      (row): ConstraintRow => ({
        database,
        schema: String(row.schema),
        table: String(row.table),
        name: str(row.name),
        kind: constraintKinds[String(row.type)] ?? 'unique',
        columns: nameColumns(row, row.column_numbers),
        expression: str(row.definition),
        referencedDatabase: row.type === 'f' ? database : null,
        referencedSchema: str(row.ref_schema),
        referencedTable: str(row.ref_table),
        referencedColumns: (row.ref_columns as string[] | null) ?? [],
        onUpdate: fkActions[String(row.on_update)] ?? null,
        onDelete: fkActions[String(row.on_delete)] ?? null,
      }),
    );
    const indexes = indexRows.map(
      (row): IndexRow => ({
        database,
        schema: String(row.schema),
        table: String(row.table),
        name: String(row.name),
        columns: nameColumns(row, (row.column_numbers as number[]).slice(0, Number(row.key_count))),
        unique: row.unique === true,
        primary: row.primary === true,
        method: str(row.method),
        definition: str(row.definition),
      }),
    );
    const partitions = await optional('partitions', async () =>
      (await run(q.partitionsQuery(options))).map(
        (row): PartitionRow => ({
          database,
          schema: String(row.schema),
          table: String(row.table),
          strategy: strategies[String(row.strategy)] ?? String(row.strategy),
          columns: row.columns as string[],
          partitions: row.partitions as string[],
          partitionBounds: (row.partitions as string[]).map((name, i) => ({
            name,
            bound: String((row.bounds as Array<string | null>)[i] ?? ''),
          })),
        }),
      ),
    );
    const settings = statsSettings(options.columnStats);
    const stats: ColumnStatsRow[] = settings
      ? await optional('column statistics', () =>
          readColumnStats(session, options, settings, relations, columns, warnings, (relation, error) => {
            const typed = pool.classify(error, 'sampling');
            const scope = `${database}.${relation.schema}.${relation.table}`;
            warnings.push({ code: typed.code, message: typed.message, scope });
          }),
        )
      : [];
    progress('done', { databases: 1, schemas: schemaRows.length, tables: relations.length, columns: columns.length });
    return assembleCatalog(
      {
        databases: [{ name: database }],
        schemas: schemaRows
          .filter((r) => r.usable !== false)
          .map((r) => ({
            database,
            schema: String(r.schema),
            comment: str(r.comment),
            owner: str(r.owner),
            enums: toEnums(r.enums),
            sequences: toSequences(r.sequences),
          })),
        relations,
        columns,
        constraints,
        indexes,
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
  });
}
