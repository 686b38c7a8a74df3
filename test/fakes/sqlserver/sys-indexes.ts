/** Index-shaped sys.* rows of one fixture table: indexes and their columns, keys, partitions, foreign keys. */
import type { FixtureTable } from '../../fixtures/shop-fixture.js';
import { type CatalogIds, objectRow, type SysRows } from './sys-views.js';

interface IndexSpec {
  name: string | null;
  indexId: number;
  type: number;
  typeDesc: string;
  columns: string[];
  unique: boolean;
  primaryKey?: boolean;
  uniqueConstraint?: boolean;
}

function indexSpecs(table: FixtureTable): IndexSpec[] {
  const specs: IndexSpec[] = [];
  if (table.primaryKey) {
    const pk = { name: `PK_${table.name}`, indexId: 1, type: 1, typeDesc: 'CLUSTERED', unique: true };
    specs.push({ ...pk, columns: table.primaryKey, primaryKey: true });
  } else if (table.kind === 'materialized_view') {
    // An indexed view is a view with a unique clustered index.
    const first = table.columns[0]!.name;
    specs.push({
      name: `IX_${table.name}`,
      indexId: 1,
      type: 1,
      typeDesc: 'CLUSTERED',
      columns: [first],
      unique: true,
    });
  } else {
    specs.push({ name: null, indexId: 0, type: 0, typeDesc: 'HEAP', columns: [], unique: false });
  }
  let next = 2;
  for (const [n, columns] of (table.uniques ?? []).entries()) {
    const name = `UQ_${table.name}_${n + 1}`;
    const uq = { name, indexId: next++, type: 2, typeDesc: 'NONCLUSTERED', unique: true, uniqueConstraint: true };
    specs.push({ ...uq, columns });
  }
  for (const index of table.indexes ?? []) {
    const spec = { name: index.name, indexId: next++, type: 2, typeDesc: 'NONCLUSTERED', unique: index.unique };
    specs.push({ ...spec, columns: index.columns });
  }
  return specs;
}

function partitionScheme(rows: SysRows, table: FixtureTable): number | undefined {
  if (!table.partitioning) return undefined;
  const n = rows.partition_schemes!.length;
  const functionId = 65_536 + n;
  const dataSpaceId = 65_601 + n;
  rows.partition_functions!.push({
    name: `pf_${table.name}`,
    function_id: functionId,
    type: 'R',
    type_desc: 'RANGE',
    fanout: table.partitioning.partitions.length,
    boundary_value_on_right: true,
    is_system: false,
  });
  rows.partition_schemes!.push({
    name: `ps_${table.name}`,
    data_space_id: dataSpaceId,
    type: 'PS',
    type_desc: 'PARTITION_SCHEME',
    is_default: false,
    is_system: false,
    function_id: functionId,
  });
  return dataSpaceId;
}

function addPartitions(rows: SysRows, table: FixtureTable, id: number, spec: IndexSpec, count: number): void {
  for (let n = 1; n <= count; n++) {
    const partitionId = BigInt(id) * 1000n + BigInt(spec.indexId * 100 + n);
    const tableRows = n === 1 ? (table.rows ?? 0) : 0;
    const pages = 1 + Math.ceil((tableRows * 64) / 8192);
    rows.partitions!.push({
      partition_id: partitionId,
      object_id: id,
      index_id: spec.indexId,
      partition_number: n,
      hobt_id: partitionId,
      rows: BigInt(tableRows),
    });
    rows.allocation_units!.push({
      allocation_unit_id: partitionId,
      type: 1,
      type_desc: 'IN_ROW_DATA',
      container_id: partitionId,
      data_space_id: 1,
      total_pages: BigInt(pages),
      used_pages: BigInt(pages),
      data_pages: BigInt(pages),
    });
  }
}

export function sysIndexes(
  rows: SysRows,
  table: FixtureTable,
  id: number,
  ids: CatalogIds,
  schemaId: number,
  all: FixtureTable[],
): void {
  if (table.kind === 'view') return;
  const scheme = partitionScheme(rows, table);
  const columnId = (name: string) => table.columns.findIndex((c) => c.name === name) + 1;
  for (const spec of indexSpecs(table)) {
    const base = spec.indexId <= 1;
    rows.indexes!.push({
      object_id: id,
      name: spec.name,
      index_id: spec.indexId,
      type: spec.type,
      type_desc: spec.typeDesc,
      is_unique: spec.unique,
      data_space_id: base && scheme ? scheme : 1,
      is_primary_key: spec.primaryKey ?? false,
      is_unique_constraint: spec.uniqueConstraint ?? false,
      is_disabled: false,
      is_hypothetical: false,
      has_filter: false,
      filter_definition: null,
    });
    const keyColumns = spec.columns.map((name, i) => ({ name, key: i + 1 }));
    const partitionColumn = base ? table.partitioning?.column : undefined;
    if (partitionColumn && !spec.columns.includes(partitionColumn)) keyColumns.push({ name: partitionColumn, key: 0 });
    keyColumns.forEach(({ name, key }, i) => {
      rows.index_columns!.push({
        object_id: id,
        index_id: spec.indexId,
        index_column_id: i + 1,
        column_id: columnId(name),
        key_ordinal: key,
        partition_ordinal: name === partitionColumn ? 1 : 0,
        is_descending_key: false,
        is_included_column: false,
      });
    });
    addPartitions(rows, table, id, spec, base && table.partitioning ? table.partitioning.partitions.length : 1);
    if (spec.primaryKey || spec.uniqueConstraint) {
      const type = spec.primaryKey ? 'PK' : 'UQ';
      const desc = spec.primaryKey ? 'PRIMARY_KEY_CONSTRAINT' : 'UNIQUE_CONSTRAINT';
      const object = objectRow(spec.name!, ids.next(), schemaId, type, desc, id);
      rows.objects!.push(object);
      rows.key_constraints!.push({
        ...object,
        unique_index_id: spec.indexId,
        is_system_named: false,
        is_enforced: true,
      });
    }
  }
  for (const [n, fk] of (table.foreignKeys ?? []).entries()) {
    const fkId = ids.next();
    const object = objectRow(`FK_${table.name}_${n + 1}`, fkId, schemaId, 'F', 'FOREIGN_KEY_CONSTRAINT', id);
    const referencedId = ids.table(fk.schema, fk.table);
    const target = all.find((t) => t.schema === fk.schema && t.name === fk.table);
    rows.objects!.push(object);
    rows.foreign_keys!.push({
      ...object,
      referenced_object_id: referencedId,
      key_index_id: 1,
      is_disabled: false,
      delete_referential_action: 0,
      delete_referential_action_desc: 'NO_ACTION',
      update_referential_action: 0,
      update_referential_action_desc: 'NO_ACTION',
    });
    fk.columns.forEach((column, i) => {
      rows.foreign_key_columns!.push({
        constraint_object_id: fkId,
        constraint_column_id: i + 1,
        parent_object_id: id,
        parent_column_id: columnId(column),
        referenced_object_id: referencedId,
        referenced_column_id: (target?.columns.findIndex((c) => c.name === fk.referencedColumns[i]) ?? -1) + 1,
      });
    });
  }
}
