import type { CatalogWarning } from '../../catalog/model.js';
import { DatataskError } from '../../core/errors.js';
import { type InformationSchemaView, informationSchemaQuery } from './queries.js';
import { type RawCatalog, type RawForeignKey, type RawPrimaryKey, tableKey, tableKind, text } from './raw-catalog.js';

type Row = Record<string, unknown>;
/** Runs one catalog statement and returns all its rows. */
export type RunCatalogStatement = (sql: string, what: string) => Promise<Row[]>;

/** information_schema cannot be used here (no Unity Catalog, hive_metastore, no access): use the fallback. */
export function isInformationSchemaUnavailable(error: unknown): boolean {
  if (!(error instanceof DatataskError)) return false;
  if (error.code === 'PERMISSION_DENIED') return true;
  const m = error.message;
  return (
    /UC_NOT_ENABLED|Unity Catalog is not enabled|UNITY_CATALOG/i.test(m) ||
    (/information_schema/i.test(m) && /NOT_FOUND|NO_SUCH|not found|does not exist|cannot be found/i.test(m))
  );
}

const optionalViews: InformationSchemaView[] = [
  'views',
  'table_constraints',
  'key_column_usage',
  'referential_constraints',
];

/**
 * Reads the catalog from information_schema: catalogs first (which tells whether the path works at all), then the
 * other seven views concurrently. Schemata, tables and columns are required; a failing optional view becomes a
 * warning naming what is missing.
 */
export async function readInformationSchema(
  run: RunCatalogStatement,
  catalog: string | undefined,
  warnings: CatalogWarning[],
): Promise<RawCatalog> {
  const query = (view: InformationSchemaView) =>
    run(informationSchemaQuery(view, catalog), `information_schema.${view}`);
  const catalogs = await query('catalogs');
  const views: InformationSchemaView[] = ['schemata', 'tables', 'columns', ...optionalViews];
  const settled = await Promise.allSettled(views.map(query));
  const rows: Partial<Record<InformationSchemaView, Row[]>> = { catalogs };
  settled.forEach((result, i) => {
    const view = views[i] as InformationSchemaView;
    if (result.status === 'fulfilled') rows[view] = result.value;
    else if (!optionalViews.includes(view)) throw result.reason;
    else {
      const error = result.reason as DatataskError;
      warnings.push({
        code: error.code ?? 'QUERY_FAILED',
        scope: view,
        message: `Could not read information_schema.${view}: ${error.message}`,
      });
    }
  });
  return assemble(rows);
}

function assemble(rows: Partial<Record<InformationSchemaView, Row[]>>): RawCatalog {
  const get = (view: InformationSchemaView) => rows[view] ?? [];
  const viewDefinitions = new Map(
    get('views').map((r) => [
      tableKey(String(r.table_catalog), String(r.table_schema), String(r.table_name)),
      text(r.view_definition),
    ]),
  );
  const raw: RawCatalog = {
    databases: get('catalogs').map((r) => ({ name: String(r.catalog_name), comment: text(r.comment) })),
    schemas: get('schemata').map((r) => ({
      catalog: String(r.catalog_name),
      name: String(r.schema_name),
      comment: text(r.comment),
      owner: text(r.schema_owner),
    })),
    tables: get('tables').map((r) => {
      const key = tableKey(String(r.table_catalog), String(r.table_schema), String(r.table_name));
      return {
        catalog: String(r.table_catalog),
        schema: String(r.table_schema),
        name: String(r.table_name),
        kind: tableKind(text(r.table_type)),
        comment: text(r.comment),
        viewDefinition: viewDefinitions.get(key),
      };
    }),
    columns: get('columns').map((r) => ({
      catalog: String(r.table_catalog),
      schema: String(r.table_schema),
      table: String(r.table_name),
      name: String(r.column_name),
      position: Number(r.ordinal_position),
      nativeType: text(r.full_data_type) ?? text(r.data_type) ?? 'unknown',
      nullable: String(r.is_nullable).toUpperCase() !== 'NO',
      default: text(r.column_default),
      comment: text(r.comment),
      isIdentity: String(r.is_identity).toUpperCase() === 'YES',
      isGenerated: String(r.is_generated).toUpperCase() === 'ALWAYS',
      partitionIndex:
        text(r.partition_ordinal_position) === undefined ? undefined : Number(r.partition_ordinal_position),
    })),
    primaryKeys: [],
    foreignKeys: [],
  };
  assembleKeys(rows, raw);
  return raw;
}

function assembleKeys(rows: Partial<Record<InformationSchemaView, Row[]>>, raw: RawCatalog): void {
  const constraintKey = (r: Row, prefix = 'constraint') =>
    tableKey(String(r[`${prefix}_catalog`]), String(r[`${prefix}_schema`]), String(r[`${prefix}_name`]));
  const usage = new Map<string, Row[]>();
  for (const r of [...(rows.key_column_usage ?? [])].sort(
    (a, b) => Number(a.ordinal_position) - Number(b.ordinal_position),
  )) {
    const list = usage.get(constraintKey(r)) ?? [];
    list.push(r);
    usage.set(constraintKey(r), list);
  }
  const columnsOf = (key: string) => (usage.get(key) ?? []).map((r) => String(r.column_name));
  const referential = new Map((rows.referential_constraints ?? []).map((r) => [constraintKey(r), r]));
  for (const c of rows.table_constraints ?? []) {
    const key = constraintKey(c);
    const base: RawPrimaryKey = {
      catalog: String(c.table_catalog),
      schema: String(c.table_schema),
      table: String(c.table_name),
      name: String(c.constraint_name),
      columns: columnsOf(key),
    };
    const type = String(c.constraint_type).toUpperCase();
    if (type === 'PRIMARY KEY' && base.columns.length > 0) raw.primaryKeys.push(base);
    if (type !== 'FOREIGN KEY') continue;
    const ref = referential.get(key);
    const target = ref ? (usage.get(constraintKey(ref, 'unique_constraint')) ?? []) : [];
    if (!ref || target.length === 0 || base.columns.length === 0) continue;
    const first = target[0] as Row;
    const fk: RawForeignKey = {
      ...base,
      referencedCatalog: String(first.table_catalog),
      referencedSchema: String(first.table_schema),
      referencedTable: String(first.table_name),
      referencedColumns: target.map((r) => String(r.column_name)),
      onUpdate: text(ref.update_rule),
      onDelete: text(ref.delete_rule),
    };
    raw.foreignKeys.push(fk);
  }
}
