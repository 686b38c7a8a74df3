/**
 * INFORMATION_SCHEMA views of a fake database (COLUMNS, TABLES, SCHEMATA) with Snowflake's real columns
 * (docs.snowflake.com/en/sql-reference/info-schema), filled from the fixture world as the session's role sees it.
 */
import type { FixtureColumn } from '../../fixtures/shop-fixture.js';
import type { Relation, SqlValue } from '../sql/model.js';
import { type CatalogWorld, type Visibility, visibleObjects, type WorldTable } from './catalog-world.js';

const spec = (text: string) =>
  text.split(',').map((entry) => {
    const [name, type] = entry.trim().split(':') as [string, string | undefined];
    return { name, type: type ?? 'text' };
  });

const views = {
  COLUMNS: spec(
    'TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION:fixed, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH:fixed, CHARACTER_OCTET_LENGTH:fixed, NUMERIC_PRECISION:fixed, NUMERIC_PRECISION_RADIX:fixed, NUMERIC_SCALE:fixed, DATETIME_PRECISION:fixed, INTERVAL_TYPE, INTERVAL_PRECISION:fixed, CHARACTER_SET_CATALOG, CHARACTER_SET_SCHEMA, CHARACTER_SET_NAME, COLLATION_CATALOG, COLLATION_SCHEMA, COLLATION_NAME, DOMAIN_CATALOG, DOMAIN_SCHEMA, DOMAIN_NAME, UDT_CATALOG, UDT_SCHEMA, UDT_NAME, SCOPE_CATALOG, SCOPE_SCHEMA, SCOPE_NAME, MAXIMUM_CARDINALITY:fixed, DTD_IDENTIFIER, IS_SELF_REFERENCING, IS_IDENTITY, IDENTITY_GENERATION, IDENTITY_START, IDENTITY_INCREMENT, IDENTITY_MAXIMUM, IDENTITY_MINIMUM, IDENTITY_CYCLE, IDENTITY_ORDERED, SCHEMA_EVOLUTION_RECORD, COMMENT',
  ),
  TABLES: spec(
    'TABLE_CATALOG, TABLE_SCHEMA, TABLE_NAME, TABLE_OWNER, TABLE_TYPE, IS_TRANSIENT, CLUSTERING_KEY, ROW_COUNT:fixed, BYTES:fixed, RETENTION_TIME:fixed, SELF_REFERENCING_COLUMN_NAME, REFERENCE_GENERATION, USER_DEFINED_TYPE_CATALOG, USER_DEFINED_TYPE_SCHEMA, USER_DEFINED_TYPE_NAME, IS_INSERTABLE_INTO, IS_TYPED, COMMIT_ACTION, CREATED:timestamp_ltz, LAST_ALTERED:timestamp_ltz, LAST_DDL:timestamp_ltz, LAST_DDL_BY, AUTO_CLUSTERING_ON, COMMENT, IS_TEMPORARY, IS_ICEBERG, IS_DYNAMIC, IS_IMMUTABLE, IS_HYBRID',
  ),
  SCHEMATA: spec(
    'CATALOG_NAME, SCHEMA_NAME, SCHEMA_OWNER, IS_TRANSIENT, IS_MANAGED_ACCESS, RETENTION_TIME:fixed, DEFAULT_CHARACTER_SET_CATALOG, DEFAULT_CHARACTER_SET_SCHEMA, DEFAULT_CHARACTER_SET_NAME, SQL_PATH, CREATED:timestamp_ltz, LAST_ALTERED:timestamp_ltz, COMMENT, REPLICABLE_WITH_FAILOVER_GROUPS, OWNER_ROLE_TYPE',
  ),
};

export const informationSchemaViews = new Set(Object.keys(views));

/** DATA_TYPE and the size columns of a fixture column, as Snowflake reports them. */
function typeColumns(column: FixtureColumn): Record<string, SqlValue> {
  const number = (precision: number, scale: number) => ({
    DATA_TYPE: 'NUMBER',
    NUMERIC_PRECISION: precision,
    NUMERIC_PRECISION_RADIX: 10,
    NUMERIC_SCALE: scale,
  });
  switch (column.type) {
    case 'integer':
      return number(38, 0);
    case 'decimal':
      return number(column.precision ?? 38, column.scale ?? 2);
    case 'float':
      return { DATA_TYPE: 'FLOAT' };
    case 'boolean':
      return { DATA_TYPE: 'BOOLEAN' };
    case 'date':
      return { DATA_TYPE: 'DATE' };
    case 'time':
      return { DATA_TYPE: 'TIME', DATETIME_PRECISION: 9 };
    case 'timestamp':
      return { DATA_TYPE: 'TIMESTAMP_NTZ', DATETIME_PRECISION: 9 };
    case 'json':
      return { DATA_TYPE: 'VARIANT' };
    case 'struct':
      return { DATA_TYPE: 'OBJECT' };
    case 'array':
      return { DATA_TYPE: 'ARRAY' };
    case 'geography':
      return { DATA_TYPE: 'GEOGRAPHY' };
    case 'binary':
      return { DATA_TYPE: 'BINARY', CHARACTER_MAXIMUM_LENGTH: 8_388_608, CHARACTER_OCTET_LENGTH: 8_388_608 };
    default:
      return { DATA_TYPE: 'TEXT', CHARACTER_MAXIMUM_LENGTH: 16_777_216, CHARACTER_OCTET_LENGTH: 16_777_216 };
  }
}

const isView = (t: WorldTable) => t.kind === 'view' || t.kind === 'materialized_view';

function viewRows(view: string, database: string, world: CatalogWorld, visibility: Visibility) {
  const objects = visibleObjects(world, visibility);
  const tables = objects.tables.filter((t) => t.database === database);
  const base = (t: WorldTable) => ({ TABLE_CATALOG: t.database, TABLE_SCHEMA: t.schema, TABLE_NAME: t.name });
  if (view === 'SCHEMATA') {
    return objects.schemas
      .filter((s) => s.database === database)
      .map((s) => ({ CATALOG_NAME: s.database, SCHEMA_NAME: s.name, SCHEMA_OWNER: 'SYSADMIN' }));
  }
  if (view === 'TABLES') {
    return tables.map((t) => ({
      ...base(t),
      TABLE_OWNER: 'SYSADMIN',
      TABLE_TYPE: isView(t) ? (t.kind === 'view' ? 'VIEW' : 'MATERIALIZED VIEW') : 'BASE TABLE',
      ROW_COUNT: isView(t) ? null : (t.rows ?? 0),
      BYTES: isView(t) ? null : (t.rows ?? 0) * 1024,
      COMMENT: t.comment ?? null,
    }));
  }
  return tables.flatMap((t) =>
    t.columns.map((c, i) => ({
      ...base(t),
      COLUMN_NAME: c.name,
      ORDINAL_POSITION: i + 1,
      COLUMN_DEFAULT: null,
      IS_NULLABLE: c.nullable ? 'YES' : 'NO',
      ...typeColumns(c),
      IS_IDENTITY: 'NO',
      COMMENT: c.comment ?? null,
    })),
  );
}

/** `view` of `database` (both as Snowflake stores them), or undefined when the view is not modelled. */
export function informationSchemaView(
  view: string,
  database: string,
  world: CatalogWorld,
  visibility: Visibility,
): Relation | undefined {
  const columns = views[view as keyof typeof views];
  if (!columns) return undefined;
  const names = new Set(columns.map((c) => c.name));
  const rows = viewRows(view, database, world, visibility).map((row: Record<string, SqlValue>) => {
    const unknown = Object.keys(row).find((key) => !names.has(key));
    if (unknown) throw new Error(`fake bug: INFORMATION_SCHEMA.${view} has no column ${unknown}`);
    return columns.map((c) => row[c.name] ?? null);
  });
  return { columns, rows };
}
