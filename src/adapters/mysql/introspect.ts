import { compileFilter } from '../../catalog/filters.js';
import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { throwIfAborted, toDatataskError } from '../../core/errors.js';
import type { Redactor } from '../../core/redact.js';
import type { IntrospectOptions } from '../adapter.js';
import { type AssembleOptions, assembleCatalog, type IndexRow } from '../kernel/assemble-catalog.js';
import { fieldValueSettings } from '../kernel/field-values.js';
import { isFatalForOptionalPart, readOptionalPart } from '../kernel/optional-part.js';
import {
  type BoundSql,
  columnsQuery,
  indexesQuery,
  innodbForeignKeyColumnsQuery,
  innodbForeignKeysQuery,
  innodbLongUniqueIndexesQuery,
  innodbSpecialIndexesQuery,
  innodbTableStatsQuery,
  keyColumnsQuery,
  partitionsQuery,
  referentialRulesQuery,
  schemataQuery,
  tablesQuery,
  viewsQuery,
} from './catalog-queries.js';
import {
  columnGroups,
  indexRuns,
  type MysqlKeyReads,
  type MysqlReads,
  type Row,
  toCatalogRows,
  toIndexes,
  toKeyGroups,
} from './catalog-rows.js';
import { constraintsFromInnodb, innodbIndexTypes, innodbTableSizes, storedPlain } from './catalog-rows-innodb.js';
import { readColumnStats, statsSettings } from './column-stats.js';
import type { Lease, MysqlConnections } from './connection.js';
import { addMysqlFieldValues } from './field-values.js';
import { runStatement } from './statement.js';

export interface IntrospectContext {
  connections: MysqlConnections;
  redactor: Redactor;
  /** Name of the one catalog database the MySQL databases (schemas) are placed in. */
  databaseName: string;
}

/** How the catalog statements of one introspection are sent. */
interface Readers {
  /** On the introspection's own session. */
  select(query: BoundSql): Promise<Row[]>;
  /** On a pooled session of its own, so independent reads run at once. */
  selectOnOwnSession(query: BoundSql): Promise<Row[]>;
  /** Like selectOnOwnSession, handing each row to `onRow` as it arrives instead of keeping it. */
  eachOnOwnSession(query: BoundSql, onRow: (row: Row) => void): Promise<void>;
  /** An optional part on its own session: undefined (and a warning) when the kernel's rule says so. */
  optional(scope: string, query: BoundSql): Promise<Row[] | undefined>;
  /** Like optional, on the introspection's own session, handing each row to `onRow`; false when not read. */
  optionalEachHere(scope: string, query: BoundSql, onRow: (row: Row) => void): Promise<boolean>;
  signal?: AbortSignal | undefined;
  isMariaDb: boolean;
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

/** The schemas of the rows that have something (views, partitions, foreign keys). */
const schemasWith = (rows: Row[] | undefined, has: (row: Row, index: number) => boolean) => [
  ...new Set((rows ?? []).filter(has).map((row) => String(row.TABLE_SCHEMA))),
];

/** The tables (or views) among the rows that are what `is` looks for. */
const tablesWith = (rows: Row[], is: (row: Row) => boolean) =>
  rows.filter(is).map((row) => ({ schema: String(row.TABLE_SCHEMA), table: String(row.TABLE_NAME) }));

const isView = (row: Row) => String(row.TABLE_TYPE).includes('VIEW');
const isInnodbTable = (row: Row) =>
  String(row.ENGINE ?? '').toLowerCase() === 'innodb' && row.TABLE_TYPE !== 'TEMPORARY';

/**
 * Index rows. Where InnoDB's dictionary can be read (MariaDB), InnoDB tables' indexes are read without INDEX_TYPE,
 * which makes MariaDB open every table, and typed from the dictionary (FULLTEXT and SPATIAL are flagged there, every
 * other InnoDB index is a B-tree); only the schemas with tables of other engines, or with names the dictionary
 * stores encoded, are read with INDEX_TYPE.
 */
async function readIndexes(
  readers: Readers,
  options: IntrospectOptions,
  tablesRead: Promise<Row[]>,
  database: string,
): Promise<IndexRow[] | undefined> {
  const { optional, select, signal } = readers;
  const types = readers.isMariaDb
    ? await Promise.all([select(innodbSpecialIndexesQuery), select(innodbLongUniqueIndexesQuery)]).then(
        ([special, longUnique]) => innodbIndexTypes(special, longUnique),
        (error: unknown) => {
          // Without PROCESS the dictionary is closed: INDEX_TYPE is read for every table.
          if (isFatalForOptionalPart(error, signal)) throw error;
          return undefined;
        },
      )
    : undefined;
  if (!types) {
    const rows = await optional('indexes', indexesQuery(options));
    return rows && toIndexes(database, rows);
  }
  // Typed from the dictionary as the rows arrive: FULLTEXT, SPATIAL and HASH are flagged there, the rest are B-trees.
  const untyped = indexRuns(
    database,
    (schema, table, name) => types.get(`${schema}\u0000${table}\u0000${name}`) ?? 'BTREE',
  );
  const [read, tables] = await Promise.all([
    // Quick without INDEX_TYPE: after the dictionary reads on this session, while the pool serves the slow reads.
    readers.optionalEachHere('indexes', indexesQuery(options, { typed: false }), untyped.add),
    tablesRead,
  ]);
  const needType = schemasWith(
    tables,
    (row) => !isView(row) && (!isInnodbTable(row) || !storedPlain(row.TABLE_SCHEMA) || !storedPlain(row.TABLE_NAME)),
  );
  const typed = await optional('indexes', indexesQuery(options, { schemas: needType }));
  if (!read || !typed) return undefined;
  const typedSchemas = new Set(needType);
  const innodb = untyped.indexes().filter((index) => !typedSchemas.has(index.schema));
  return [...innodb, ...toIndexes(database, typed)];
}

/** Keys from InnoDB's dictionary where it can be read (MariaDB), else from the two information_schema views. */
async function readKeys(
  readers: Readers,
  options: IntrospectOptions,
  indexesRead: Promise<IndexRow[] | undefined>,
  database: string,
): Promise<MysqlKeyReads> {
  const { select, optional, signal } = readers;
  if (readers.isMariaDb) {
    // The dictionary reads are quick: on the introspection's session, leaving the pool to the slow reads.
    const dictionary = await Promise.all([select(innodbForeignKeysQuery), select(innodbForeignKeyColumnsQuery)]).catch(
      (error: unknown) => {
        // Without PROCESS the dictionary is closed: the views below give the same keys.
        if (isFatalForOptionalPart(error, signal)) throw error;
        return undefined;
      },
    );
    const indexRows = await indexesRead;
    const constraints =
      dictionary && indexRows ? constraintsFromInnodb(database, dictionary[0], dictionary[1], indexRows) : undefined;
    if (constraints) return { constraints };
  }
  const keyColumns = await optional('keys', keyColumnsQuery(options));
  const withForeignKeys = schemasWith(keyColumns, (row) => row.REFERENCED_TABLE_NAME != null);
  return {
    keyColumns,
    referentialRules: await optional('foreign key rules', referentialRulesQuery(options, withForeignKeys)),
  };
}

const relationKey = (row: Row) => `${String(row.TABLE_SCHEMA)}\u0000${String(row.TABLE_NAME)}`;

/**
 * Tables and views, and the tables without their sizes as soon as those arrive (`listed`). On MariaDB the row
 * estimates, sizes and create options make information_schema.TABLES open every table, which tripled the read and
 * slowed the columns read beside it: InnoDB tables in the dictionary cache get them from InnoDB's statistics, the
 * figures the view reports for them, and only the schemas with other tables (another engine, partitioned, not
 * cached, a name InnoDB stores encoded) are read in full. Without the PROCESS privilege, every schema is.
 */
function readTables(readers: Readers, options: IntrospectOptions): { listed: Promise<Row[]>; tables: Promise<Row[]> } {
  const { select, selectOnOwnSession, signal } = readers;
  if (!readers.isMariaDb) {
    const tables = selectOnOwnSession(tablesQuery(options));
    return { listed: tables, tables };
  }
  const listed = selectOnOwnSession(tablesQuery(options, { sizes: false }));
  const tables = (async () => {
    const [rows, stats] = await Promise.all([
      listed,
      select(innodbTableStatsQuery(options)).catch((error: unknown) => {
        if (isFatalForOptionalPart(error, signal)) throw error;
        return [] as Row[];
      }),
    ]);
    const sizes = innodbTableSizes(stats);
    // Each table's figures from InnoDB's statistics, looked up once; undefined where they do not cover it.
    const covered = rows.map((row) =>
      row.TABLE_TYPE === 'BASE TABLE' &&
      isInnodbTable(row) &&
      storedPlain(row.TABLE_SCHEMA) &&
      storedPlain(row.TABLE_NAME)
        ? sizes.get(relationKey(row))
        : undefined,
    );
    const inFull = schemasWith(rows, (row, i) => !isView(row) && covered[i] === undefined);
    const full = await selectOnOwnSession(tablesQuery(options, { schemas: inFull }));
    const fullByName = new Map(full.map((row) => [relationKey(row), row]));
    return rows.map((row, i) => {
      const read = full.length > 0 ? fullByName.get(relationKey(row)) : undefined;
      if (read) return read;
      // A view (no figures), a table InnoDB's statistics cover, or one dropped between the two reads.
      const size = covered[i];
      row.TABLE_ROWS = size?.TABLE_ROWS ?? null;
      row.SIZE_BYTES = size?.SIZE_BYTES ?? null;
      return row;
    });
  })();
  return { listed, tables };
}

/**
 * Every information_schema read opens the definition of every table in its schemas, and the reads slow each other
 * down: the two slowest (columns, tables) start at once on pooled sessions, the quick ones (InnoDB's dictionary,
 * indexes without INDEX_TYPE) run in turn on this session, and views, partitions, foreign key rules and typed
 * indexes are read, as soon as the tables or keys arrive, only where those show them needed: the views by name, the
 * others by schema (the statement is sent either way: the count stays constant).
 */
async function readCatalog(readers: Readers, options: IntrospectOptions, database: string): Promise<MysqlReads> {
  const { select, optional } = readers;
  const columns = columnGroups(database);
  // The longest read takes the first pooled session (the pool has four, the introspection's included).
  const columnsRead = readers.eachOnOwnSession(columnsQuery(options), columns.add);
  const { listed, tables: tablesRead } = readTables(readers, options);
  const indexesRead = readIndexes(readers, options, listed, database);
  const isPartitioned = (row: Row) => /partitioned/i.test(String(row.CREATE_OPTIONS ?? ''));
  const keysRead = readKeys(readers, options, indexesRead, database);
  const [schemata, tables, , views, keyGroups, partitions] = await allSettledOrThrow([
    select(schemataQuery(options)),
    tablesRead,
    columnsRead,
    listed.then((rows) => optional('views', viewsQuery(options, tablesWith(rows, isView)))),
    // Both settled first: neither read may still hold a session when a failure ends the introspection.
    allSettledOrThrow([keysRead, indexesRead]).then(([keys, indexes]) => toKeyGroups(database, keys, indexes)),
    tablesRead.then((rows) => optional('partitions', partitionsQuery(options, schemasWith(rows, isPartitioned)))),
  ]);
  return { schemata, tables, columns: columns.groups(), views, keyGroups, partitions };
}

/** How the statements of one introspection on `lease` are sent; optional parts' failures go to `warnings`. */
function readersOn(
  context: IntrospectContext,
  lease: Lease,
  warnings: CatalogWarning[],
  signal: AbortSignal | undefined,
  isMariaDb: boolean,
): Readers {
  const { connections, redactor } = context;
  const statementOptions = signal ? { signal } : {};
  // information_schema views are slow one by one on MariaDB: the independent reads run at once on pooled sessions
  // (the same statements, less wall time). A session goes back to the pool for the next read: opening one per read
  // cost a handshake each, and a loaded server took up to 110 ms to answer one.
  const onOwnSession = (query: BoundSql, onRow?: (row: Row) => void): Promise<Row[]> =>
    connections.withConnection(
      signal,
      async (own) =>
        (await runStatement(connections, own, redactor, query.sql, query.params, { ...statementOptions, onRow })).rows,
    );
  const selectOnOwnSession = (query: BoundSql) => onOwnSession(query);
  const part = { warnings, signal, classify: (error: unknown) => toDatataskError(error) };
  const select = async (query: BoundSql) =>
    (await runStatement(connections, lease, redactor, query.sql, query.params, statementOptions)).rows;
  return {
    select,
    selectOnOwnSession,
    eachOnOwnSession: async (query, onRow) => void (await onOwnSession(query, onRow)),
    optional: (scope, query) =>
      readOptionalPart<Row[] | undefined>(part, scope, () => selectOnOwnSession(query), undefined),
    optionalEachHere: (scope, query, onRow) =>
      readOptionalPart(
        part,
        scope,
        async () => {
          await runStatement(connections, lease, redactor, query.sql, query.params, { ...statementOptions, onRow });
          return true;
        },
        false,
      ),
    signal,
    isMariaDb,
  };
}

/**
 * Reads the catalog in a fixed number of information_schema statements on one connection, whatever the number of
 * tables, with the schema and table filters pushed into their WHERE clauses. MySQL "databases" are the schemas of
 * one catalog database. Optional parts (views, keys, indexes, partitions) that fail become warnings.
 */
export async function introspectMysql(context: IntrospectContext, options: IntrospectOptions): Promise<Catalog> {
  const { connections, databaseName } = context;
  const signal = options.signal;
  throwIfAborted(signal);
  const now = new Date();
  return connections.withConnection(signal, async (lease) => {
    const serverVersion = await connections.serverVersion(lease.connection);
    const warnings: CatalogWarning[] = [];
    // Schemas are filtered by name only, in toCatalogRows: a MySQL database has no qualified name.
    const assemble: AssembleOptions = {
      engine: 'mysql',
      serverVersion,
      now,
      warnings,
      filters: { databases: options.databases, tables: options.tables },
    };
    if (!compileFilter(options.databases).matches(databaseName)) {
      return assembleCatalog({ databases: [], schemas: [], relations: [], columns: [] }, assemble);
    }
    const progress = (step: string, counts: { schemas?: number; tables?: number; columns?: number } = {}) =>
      options.onProgress?.({ step, databases: 1, ...counts });
    const readers = readersOn(context, lease, warnings, signal, /mariadb/i.test(serverVersion));

    progress('schemas');
    const reads = await readCatalog(readers, options, databaseName);
    const columnCount = reads.columns.reduce((sum, group) => sum + group.columns.length, 0);
    progress('tables', { schemas: reads.schemata.length, tables: reads.tables.length, columns: columnCount });
    const { rows, warnings: denied } = toCatalogRows(databaseName, reads, options);
    warnings.push(...denied);
    const stats = statsSettings(options.columnStats);
    if (stats) {
      progress('columnStats');
      const read = await readColumnStats(rows, stats, { databaseName, ...readers });
      rows.stats = read.stats;
      warnings.push(...read.warnings);
    }
    const catalog = assembleCatalog(rows, assemble);
    const valueSettings = fieldValueSettings(options.fieldValues);
    if (valueSettings) {
      progress('fieldValues');
      catalog.warnings.push(...(await addMysqlFieldValues(catalog.databases, valueSettings, readers.select, signal)));
    }
    const schemas = catalog.databases.flatMap((database) => database.schemas);
    progress('done', {
      schemas: schemas.length,
      tables: schemas.reduce((sum, schema) => sum + schema.tables.length, 0),
    });
    return catalog;
  });
}
