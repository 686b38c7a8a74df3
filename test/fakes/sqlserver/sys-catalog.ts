/**
 * The fixture as rows of SQL Server's sys.* views (object ids, index ids, partitions, allocation units ...), the way
 * a real database holding it would show them. The catalog statements are evaluated over these rows.
 */
import type { FixtureColumn, FixtureTable } from '../../fixtures/shop-fixture.js';
import type { FakeFixture } from './catalog-data.js';
import { sysIndexes } from './sys-indexes.js';
import { type CatalogIds, objectRow, type SysRow, type SysRows } from './sys-views.js';

/** System types: [name, system_type_id, user_type_id, max_length, precision, scale]. */
const systemTypes: Array<[string, number, number, number, number, number]> = [
  ['tinyint', 48, 48, 1, 3, 0],
  ['smallint', 52, 52, 2, 5, 0],
  ['int', 56, 56, 4, 10, 0],
  ['bigint', 127, 127, 8, 19, 0],
  ['bit', 104, 104, 1, 1, 0],
  ['decimal', 106, 106, 17, 38, 38],
  ['float', 62, 62, 8, 53, 0],
  ['date', 40, 40, 3, 10, 0],
  ['datetime2', 42, 42, 8, 27, 7],
  ['nvarchar', 231, 231, 8000, 0, 0],
  ['sysname', 231, 256, 256, 0, 0],
];

/** Native type of a fixture column: [type name, max_length, precision, scale]. */
function nativeType(column: FixtureColumn): [string, number, number, number] {
  switch (column.type) {
    case 'integer':
      return ['int', 4, 10, 0];
    case 'decimal':
      return ['decimal', 9, column.precision ?? 18, column.scale ?? 2];
    case 'boolean':
      return ['bit', 1, 1, 0];
    case 'timestamp':
      return ['datetime2', 8, 27, 7];
    case 'date':
      return ['date', 3, 10, 0];
    case 'float':
      return ['float', 8, 53, 0];
    default:
      // payload-like columns are nvarchar(max), the rest nvarchar(255) (max_length counts bytes).
      return column.name === 'payload' ? ['nvarchar', -1, 0, 0] : ['nvarchar', 510, 0, 0];
  }
}

function addColumns(rows: SysRows, table: FixtureTable, id: number, ids: CatalogIds, schemaId: number): void {
  const isView = table.kind === 'view' || table.kind === 'materialized_view';
  table.columns.forEach((column, index) => {
    const [typeName, maxLength, precision, scale] = nativeType(column);
    const typeId = systemTypes.find((t) => t[0] === typeName)![2];
    let defaultId = 0;
    if (column.name === 'created_at' && !isView) {
      defaultId = ids.next();
      const name = `DF_${table.name}_${column.name}`;
      rows.objects!.push(objectRow(name, defaultId, schemaId, 'D', 'DEFAULT_CONSTRAINT', id));
      rows.default_constraints!.push({
        ...objectRow(name, defaultId, schemaId, 'D', 'DEFAULT_CONSTRAINT', id),
        parent_column_id: index + 1,
        definition: '(sysutcdatetime())',
        is_system_named: false,
      });
    }
    rows.columns!.push({
      object_id: id,
      name: column.name,
      column_id: index + 1,
      system_type_id: typeId,
      user_type_id: typeId,
      max_length: maxLength,
      precision,
      scale,
      is_nullable: column.nullable,
      is_identity: !isView && table.primaryKey?.length === 1 && table.primaryKey[0] === column.name,
      is_computed: false,
      default_object_id: defaultId,
    });
    if (column.comment) rows.extended_properties!.push(description(1, id, index + 1, column.comment));
  });
}

const description = (klass: number, major: number, minor: number, value: string): SysRow => ({
  class: klass,
  class_desc: klass === 3 ? 'SCHEMA' : 'OBJECT_OR_COLUMN',
  major_id: major,
  minor_id: minor,
  name: 'MS_Description',
  value,
});

const viewNames = [
  ...['schemas', 'database_principals', 'extended_properties', 'objects', 'tables', 'views', 'sql_modules'],
  ...['partitions', 'allocation_units', 'indexes', 'partition_schemes', 'partition_functions', 'index_columns'],
  ...['columns', 'types', 'default_constraints', 'key_constraints', 'foreign_keys', 'foreign_key_columns'],
];

/** Rows of every sys view; objects of the restricted schema are hidden when `hideRestricted` (metadata visibility). */
export function buildSysRows(fixture: FakeFixture, options: { hideRestricted: boolean }): SysRows {
  const rows: SysRows = Object.fromEntries(viewNames.map((view) => [view, [] as SysRow[]]));
  const schemaNames = [
    ...new Set([...fixture.schemas, fixture.restrictedSchema, ...fixture.tables.map((t) => t.schema)]),
  ];
  const tableIds = new Map(fixture.tables.map((t, i) => [`${t.schema}.${t.name}`, 1000 + i]));
  let counter = 100_000;
  const ids: CatalogIds = {
    next: () => counter++,
    table: (schema, name) => tableIds.get(`${schema}.${name}`) ?? 0,
    schema: (name) => 5 + schemaNames.indexOf(name),
  };
  rows.database_principals!.push({ name: 'dbo', principal_id: 1, type: 'S', type_desc: 'SQL_USER' });
  for (const name of schemaNames) rows.schemas!.push({ name, schema_id: ids.schema(name), principal_id: 1 });
  for (const [name, system, user, maxLength, precision, scale] of systemTypes) {
    rows.types!.push({ name, system_type_id: system, user_type_id: user, schema_id: 4, max_length: maxLength });
    Object.assign(rows.types!.at(-1)!, { precision, scale, is_user_defined: false, is_table_type: false });
  }
  const visible = fixture.tables.filter((t) => !(options.hideRestricted && t.schema === fixture.restrictedSchema));
  for (const table of visible) {
    const id = ids.table(table.schema, table.name);
    const schemaId = ids.schema(table.schema);
    const isView = table.kind === 'view' || table.kind === 'materialized_view';
    const object = objectRow(table.name, id, schemaId, isView ? 'V' : 'U', isView ? 'VIEW' : 'USER_TABLE');
    rows.objects!.push(object);
    if (isView) rows.views!.push({ ...object, with_check_option: false, has_snapshot: false });
    else rows.tables!.push({ ...object, is_external: false, is_memory_optimized: false, is_filetable: false });
    if (table.viewSql) {
      const definition = `CREATE VIEW [${table.schema}].[${table.name}] AS ${table.viewSql}`;
      rows.sql_modules!.push({ object_id: id, definition, is_schema_bound: table.kind === 'materialized_view' });
    }
    if (table.comment) rows.extended_properties!.push(description(1, id, 0, table.comment));
    addColumns(rows, table, id, ids, schemaId);
    sysIndexes(rows, table, id, ids, schemaId, fixture.tables);
  }
  return rows;
}
