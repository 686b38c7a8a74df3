import type { Catalog, CatalogWarning } from '../../catalog/model.js';
import { ErrorCode } from '../../core/errors.js';
import type { IntrospectOptions } from '../adapter.js';
import { assembleCatalog, type ColumnRow, type RelationRow, type SchemaRow } from '../kernel/assemble-catalog.js';
import { readOptionalPart, recordOptionalFailure } from '../kernel/optional-part.js';
import { omittedSampleWarning, sampleSettings } from '../kernel/sample-stats.js';
import { sampleRelations } from '../pg-wire/column-stats.js';
import type { PgConnectionPool } from '../pg-wire/connection.js';
import * as q from './catalog-queries.js';
import { bytesPerBlock, nativeType, type Row, relationKind, str, toConstraints } from './catalog-rows.js';

/**
 * Reads the connected Redshift database from the SVV_* views in a constant number of statements: version, schemas,
 * external schemas, tables (with SVV_TABLE_INFO sizes and SVV_MV_INFO), external tables, view text, columns and
 * keys. Column statistics come from bounded samples (Redshift keeps no pg_stats for users).
 */
export function introspectRedshift(pool: PgConnectionPool, options: IntrospectOptions): Promise<Catalog> {
  const signal = options.signal;
  return pool.withSession('introspection', signal, async (session) => {
    const run = async (query: q.CatalogQuery): Promise<Row[]> =>
      (await session.run(query.text, query.values, { signal })).rows;
    const warnings: CatalogWarning[] = [];
    const part = { warnings, signal, classify: (error: unknown, doing: string) => pool.classify(error, doing) };
    const optional = (scope: string, query: q.CatalogQuery): Promise<Row[]> =>
      readOptionalPart(part, scope, () => run(query), []);

    const [version] = await run(q.versionQuery());
    const database = String(version?.database ?? '');
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
    const schemas: SchemaRow[] = schemaRows
      .filter((r) => r.usable !== false)
      .map((r) => {
        const source = external.get(r.schema)?.external_database ?? r.source_database;
        const kind = String(r.schema_type ?? 'local');
        return {
          database,
          schema: String(r.schema),
          comment: kind === 'local' ? null : `${kind} schema${source ? ` over ${String(source)}` : ''}`,
        };
      });
    const visible = (row: Row) => !unusable.has(String(row.schema));

    const relations: RelationRow[] = (await run(q.tablesQuery(options))).filter(visible).map((row) => ({
      database,
      schema: String(row.schema),
      table: String(row.table),
      kind: relationKind(row),
      comment: str(row.comment),
      rowCountEstimate: row.row_estimate as number | null,
      sizeBytes: typeof row.size_mb === 'number' ? row.size_mb * bytesPerBlock : null,
    }));
    const known = new Set(relations.map((r) => `${r.schema}.${r.table}`));
    for (const row of (await optional('external tables', q.externalTablesQuery(options))).filter(visible)) {
      const key = `${row.schema}.${row.table}`;
      const listed = relations.find((r) => `${r.schema}.${r.table}` === key);
      if (listed) listed.kind = 'external';
      else if (!known.has(key))
        relations.push({ database, schema: String(row.schema), table: String(row.table), kind: 'external' });
    }
    const definitions = new Map(
      (await optional('view definitions', q.viewDefinitionsQuery(options))).map((r) => [
        `${String(r.schema)}.${String(r.table)}`,
        str(r.definition)?.trim() ?? null,
      ]),
    );
    for (const relation of relations)
      relation.viewDefinition = definitions.get(`${relation.schema}.${relation.table}`) ?? null;
    options.onProgress?.({ step: 'tables', tables: relations.length });

    const columns: ColumnRow[] = (await run(q.columnsQuery(options))).filter(visible).map((row) => ({
      database,
      schema: String(row.schema),
      table: String(row.table),
      name: String(row.name),
      ordinal: Number(row.ordinal),
      nativeType: nativeType(row),
      familyType: String(row.data_type),
      nullable: String(row.is_nullable).toUpperCase() !== 'NO',
      default: str(row.default),
      comment: str(row.comment),
    }));
    options.onProgress?.({ step: 'columns', columns: columns.length });
    const constraints = toConstraints(
      database,
      (await optional('constraints', q.constraintsQuery(options))).filter(visible),
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
