import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { ErrorCode } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog, type RelationRow } from '../kernel/assemble-catalog.js';
import { readOptionalPart, recordOptionalFailure } from '../kernel/optional-part.js';
import { omittedSampleWarning, sampleSettings } from '../kernel/sample-stats.js';
import { sampleRelations } from '../pg-wire/column-stats.js';
import type { PgConnectionPool } from '../pg-wire/connection.js';
import * as q from './catalog-queries.js';
import { addExternalTables, type Row, str, toColumn, toConstraints, toRelation, toSchema } from './catalog-rows.js';

interface Reader {
  run(query: q.CatalogQuery): Promise<Row[]>;
  optional(scope: string, query: q.CatalogQuery): Promise<Row[]>;
  warnings: CatalogWarning[];
  options: IntrospectOptions;
}

/** Schemas (without USAGE: a warning, and their rows are left out everywhere) with their external sources. */
async function readSchemas({ run, optional, warnings, options }: Reader, database: string) {
  const schemaRows = await run(q.schemasQuery(options));
  const external = new Map(
    (await optional('external schemas', q.externalSchemasQuery(options))).map((r) => [r.schema, r]),
  );
  options.onProgress?.({ step: 'schemas', databases: 1, schemas: schemaRows.length });
  const unusable = new Set<string>();
  for (const row of schemaRows.filter((r) => r.usable === false)) {
    unusable.add(String(row.schema));
    warnings.push({
      code: ErrorCode.PERMISSION_DENIED,
      message: `No USAGE privilege on schema "${String(row.schema)}": its tables are not listed`,
      scope: `${database}.${String(row.schema)}`,
    });
  }
  const schemas = schemaRows.filter((r) => r.usable !== false).map((r) => toSchema(database, r, external));
  return { schemas, visible: (row: Row) => !unusable.has(String(row.schema)) };
}

/** Tables and views, external tables, and view text. */
async function readRelations({ run, optional, options }: Reader, database: string, visible: (row: Row) => boolean) {
  const relations: RelationRow[] = (await run(q.tablesQuery(options)))
    .filter(visible)
    .map((row) => toRelation(database, row));
  addExternalTables(
    database,
    relations,
    (await optional('external tables', q.externalTablesQuery(options))).filter(visible),
  );
  const definitions = new Map(
    (await optional('view definitions', q.viewDefinitionsQuery(options))).map((r) => [
      `${String(r.schema)}.${String(r.table)}`,
      str(r.definition)?.trim() ?? null,
    ]),
  );
  for (const relation of relations)
    relation.viewDefinition = definitions.get(`${relation.schema}.${relation.table}`) ?? null;
  options.onProgress?.({ step: 'tables', tables: relations.length });
  return relations;
}

/**
 * Reads the connected Redshift database from the SVV_* views in a constant number of statements: version, schemas,
 * external schemas, tables (with SVV_TABLE_INFO sizes and SVV_MV_INFO), external tables, view text, columns and
 * keys. Column statistics come from bounded samples (Redshift keeps no pg_stats for users).
 */
export function introspectRedshift(pool: PgConnectionPool, options: IntrospectOptions): Promise<Catalog> {
  const signal = options.signal;
  return pool.withSession('introspection', signal, async (session) => {
    const warnings: CatalogWarning[] = [];
    const part = { warnings, signal, classify: (error: unknown, doing: string) => pool.classify(error, doing) };
    const run = async (query: q.CatalogQuery): Promise<Row[]> =>
      (await session.run(query.text, query.values, { signal })).rows;
    const reader: Reader = {
      run,
      optional: (scope, query) => readOptionalPart(part, scope, () => run(query), []),
      warnings,
      options,
    };
    const [version] = await run(q.versionQuery());
    const database = String(version?.database ?? '');
    const { schemas, visible } = await readSchemas(reader, database);
    const relations = await readRelations(reader, database, visible);
    const columns = (await run(q.columnsQuery(options))).filter(visible).map((row) => toColumn(database, row));
    options.onProgress?.({ step: 'columns', columns: columns.length });
    const constraints = toConstraints(
      database,
      (await reader.optional('constraints', q.constraintsQuery(options))).filter(visible),
    );
    const settings = sampleSettings(options.columnStats);
    const stats = settings
      ? await sampleRelations(
          session,
          relations.filter((r) => r.kind === 'table' || r.kind === 'materialized_view'),
          columns,
          settings,
          {
            signal,
            onError: (r, error) => recordOptionalFailure(part, `${database}.${r.schema}.${r.table}`, error, 'sampling'),
            onOmitted: (omitted) => warnings.push(omittedSampleWarning(database, omitted, settings.sampleTables)),
          },
        )
      : [];
    options.onProgress?.({ step: 'done', databases: 1, schemas: schemas.length, tables: relations.length });
    return assembleCatalog(
      { databases: [{ name: database }], schemas, relations, columns, constraints, stats },
      {
        engine: 'redshift',
        serverVersion: String(version?.version ?? ''),
        warnings,
        filters: { schemas: options.schemas, tables: options.tables },
      },
    );
  });
}
