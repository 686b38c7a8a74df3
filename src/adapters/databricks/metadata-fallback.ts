import type { CatalogWarning } from '../../catalog/model.js';
import type { DatataskError } from '../../core/errors.js';
import { isFatalForOptionalPart } from '../kernel/optional-part.js';
import type { DatabricksOperation, DatabricksSession } from './driver-types.js';
import { type RawCatalog, type RawTable, tableKind, text } from './raw-catalog.js';

type Row = Record<string, unknown>;
export type RunMetadataCall = (start: () => Promise<DatabricksOperation>, what: string) => Promise<Row[]>;

/** Above this many tables, per-table key lookups (2 calls each) are skipped to keep introspection bounded. */
export const maxKeyLookupTables = 25;

/**
 * Reads the catalog with the Thrift metadata operations (GetCatalogs, GetSchemas, GetTables, GetColumns: one call
 * each, JDBC-shaped rows). Keys need one GetPrimaryKeys and one GetCrossReference call per table, so they are read
 * only for small catalogs; hive_metastore has no key constraints anyway.
 */
export async function readWithMetadataOperations(
  session: DatabricksSession,
  run: RunMetadataCall,
  catalog: string | undefined,
  warnings: CatalogWarning[],
): Promise<RawCatalog> {
  const scope = catalog ? { catalogName: catalog } : {};
  const catalogs = await run(() => session.getCatalogs(), 'GetCatalogs');
  const schemas = await run(() => session.getSchemas({ ...scope }), 'GetSchemas');
  const tables = await run(() => session.getTables({ ...scope }), 'GetTables');
  const columns = await run(() => session.getColumns({ ...scope }), 'GetColumns');
  const inScope = (name: unknown) => !catalog || String(name).toLowerCase() === catalog.toLowerCase();
  const raw: RawCatalog = {
    databases: catalogs.filter((r) => inScope(r.TABLE_CAT)).map((r) => ({ name: String(r.TABLE_CAT) })),
    schemas: schemas
      .filter((r) => inScope(r.TABLE_CATALOG))
      .map((r) => ({ catalog: String(r.TABLE_CATALOG), name: String(r.TABLE_SCHEM) })),
    tables: tables
      .filter((r) => inScope(r.TABLE_CAT))
      .map((r) => ({
        catalog: String(r.TABLE_CAT),
        schema: String(r.TABLE_SCHEM),
        name: String(r.TABLE_NAME),
        kind: tableKind(text(r.TABLE_TYPE)),
        comment: text(r.REMARKS),
      })),
    columns: columns
      .filter((r) => inScope(r.TABLE_CAT))
      .map((r) => ({
        catalog: String(r.TABLE_CAT),
        schema: String(r.TABLE_SCHEM),
        table: String(r.TABLE_NAME),
        name: String(r.COLUMN_NAME),
        position: Number(r.ORDINAL_POSITION),
        nativeType: (text(r.TYPE_NAME) ?? 'unknown').toLowerCase(),
        nullable: Number(r.NULLABLE) !== 0,
        default: text(r.COLUMN_DEF),
        comment: text(r.REMARKS),
        isIdentity: String(r.IS_AUTO_INCREMENT).toUpperCase() === 'YES',
      })),
    primaryKeys: [],
    foreignKeys: [],
  };
  await readKeys(session, run, raw, warnings);
  return raw;
}

async function readKeys(session: DatabricksSession, run: RunMetadataCall, raw: RawCatalog, warnings: CatalogWarning[]) {
  if (raw.tables.length > maxKeyLookupTables) {
    warnings.push({
      code: 'NOT_SUPPORTED',
      scope: 'keys',
      message: `Primary and foreign keys were not read: the metadata-operation path needs 2 calls per table and there are ${raw.tables.length} tables (limit ${maxKeyLookupTables}).`,
    });
    return;
  }
  for (const table of raw.tables.filter((t) => t.kind !== 'view' && t.kind !== 'materialized_view')) {
    try {
      await readTableKeys(session, run, raw, table);
    } catch (error) {
      if (isFatalForOptionalPart(error)) throw error;
      const typed = error as DatataskError;
      warnings.push({
        code: typed.code,
        scope: `${table.catalog}.${table.schema}.${table.name}`,
        message: `Could not read keys: ${typed.message}`,
      });
    }
  }
}

async function readTableKeys(session: DatabricksSession, run: RunMetadataCall, raw: RawCatalog, table: RawTable) {
  const where = { catalogName: table.catalog, schemaName: table.schema, tableName: table.name };
  const pk = (await run(() => session.getPrimaryKeys(where), 'GetPrimaryKeys')).sort(
    (a, b) => Number(a.KEY_SEQ) - Number(b.KEY_SEQ),
  );
  if (pk.length > 0)
    raw.primaryKeys.push({
      catalog: table.catalog,
      schema: table.schema,
      table: table.name,
      name: text(pk[0]?.PK_NAME),
      columns: pk.map((r) => String(r.COLUMN_NAME)),
    });
  const refs = await run(
    () =>
      session.getCrossReference({
        foreignCatalogName: table.catalog,
        foreignSchemaName: table.schema,
        foreignTableName: table.name,
      } as Parameters<DatabricksSession['getCrossReference']>[0]),
    'GetCrossReference',
  );
  const byName = new Map<string, Row[]>();
  for (const r of refs.sort((a, b) => Number(a.KEY_SEQ) - Number(b.KEY_SEQ))) {
    const name = String(r.FK_NAME ?? `${r.PKTABLE_NAME}`);
    byName.set(name, [...(byName.get(name) ?? []), r]);
  }
  for (const [name, parts] of byName) {
    const first = parts[0] as Row;
    raw.foreignKeys.push({
      catalog: table.catalog,
      schema: table.schema,
      table: table.name,
      name,
      columns: parts.map((r) => String(r.FKCOLUMN_NAME)),
      referencedCatalog: String(first.PKTABLE_CAT),
      referencedSchema: String(first.PKTABLE_SCHEM),
      referencedTable: String(first.PKTABLE_NAME),
      referencedColumns: parts.map((r) => String(r.PKCOLUMN_NAME)),
    });
  }
}
