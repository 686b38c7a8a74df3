/** sys.* rows -> the flat rows `assembleCatalog` takes. Rows are matched to tables by object_id. */
import type { TableKind, TypeFamily } from '../../catalog/model.js';
import type {
  ColumnRow,
  ConstraintRow,
  IndexRow,
  PartitionRow,
  RelationRow,
  SchemaRow,
} from '../kernel/assemble-catalog.js';

export type Row = Record<string, unknown>;

const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
/** bigint columns arrive as strings from tedious. */
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

interface TableRef {
  database: string;
  schema: string;
  table: string;
}

export function nativeTypeName(typeName: string, maxLength: number, precision: number, scale: number): string {
  const type = typeName.toLowerCase();
  const size = (bytes: number) => (maxLength === -1 ? 'max' : String(bytes));
  if (type === 'nvarchar' || type === 'nchar') return `${type}(${size(maxLength / 2)})`;
  if (['varchar', 'char', 'varbinary', 'binary'].includes(type)) return `${type}(${size(maxLength)})`;
  if (type === 'decimal' || type === 'numeric') return `${type}(${precision},${scale})`;
  if (['datetime2', 'time', 'datetimeoffset'].includes(type)) return `${type}(${scale})`;
  return type;
}

/** SQL Server's `timestamp` is rowversion, a binary counter, not a point in time. */
function familyOverride(baseType: string): TypeFamily | undefined {
  const type = baseType.toLowerCase();
  if (type === 'timestamp' || type === 'rowversion') return 'binary';
  if (type === 'hierarchyid' || type === 'sql_variant') return 'other';
  return undefined;
}

/** Groups rows that share (object_id, constraint or index name), keeping their order. */
function groupRows(rows: Row[], nameColumn: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.object_id}\u0000${row[nameColumn]}`;
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

export class SqlServerRowMapper {
  private readonly tables = new Map<number, TableRef>();

  constructor(
    private readonly database: string,
    tableRows: Row[],
  ) {
    for (const row of tableRows) {
      this.tables.set(Number(row.object_id), {
        database,
        schema: String(row.schema_name),
        table: String(row.table_name),
      });
    }
  }

  private ref(row: Row): TableRef | undefined {
    return this.tables.get(Number(row.object_id));
  }

  schemas(rows: Row[]): SchemaRow[] {
    return rows.map((row) => ({
      database: this.database,
      schema: String(row.schema_name),
      comment: str(row.comment),
      owner: str(row.owner_name),
    }));
  }

  relations(rows: Row[]): RelationRow[] {
    return rows.map((row) => ({
      database: this.database,
      schema: String(row.schema_name),
      table: String(row.table_name),
      kind: String(row.kind) as TableKind,
      comment: str(row.comment),
      viewDefinition: str(row.view_definition),
      rowCountEstimate: num(row.row_count),
      sizeBytes: num(row.size_bytes),
    }));
  }

  columns(rows: Row[]): ColumnRow[] {
    return rows.flatMap((row) => {
      const ref = this.ref(row);
      if (!ref) return [];
      const typeName = String(row.type_name);
      const baseType = str(row.base_type_name) ?? typeName;
      const nativeType = nativeTypeName(typeName, Number(row.max_length), Number(row.precision), Number(row.scale));
      const type = familyOverride(baseType);
      return [
        {
          ...ref,
          name: String(row.column_name),
          ordinal: Number(row.column_id),
          nativeType,
          ...(type ? { type } : {}),
          familyType: baseType === typeName ? nativeType : baseType,
          nullable: Boolean(row.is_nullable),
          default: str(row.default_definition),
          comment: str(row.comment),
          isIdentity: Boolean(row.is_identity),
          isGenerated: Boolean(row.is_computed),
        },
      ];
    });
  }

  constraints(keyRows: Row[], foreignKeyRows: Row[]): ConstraintRow[] {
    const out: ConstraintRow[] = [];
    for (const group of groupRows(keyRows, 'constraint_name').values()) {
      const ref = this.ref(group[0]!);
      if (!ref) continue;
      const kind = String(group[0]!.constraint_type).trim() === 'PK' ? 'primary' : 'unique';
      out.push({
        ...ref,
        name: str(group[0]!.constraint_name),
        kind,
        columns: group.map((r) => String(r.column_name)),
      });
    }
    for (const group of groupRows(foreignKeyRows, 'constraint_name').values()) {
      const first = group[0]!;
      const ref = this.ref(first);
      if (!ref) continue;
      const action = (value: unknown) => str(value)?.replace(/_/g, ' ') ?? null;
      out.push({
        ...ref,
        name: str(first.constraint_name),
        kind: 'foreign',
        columns: group.map((r) => String(r.column_name)),
        referencedSchema: str(first.referenced_schema),
        referencedTable: str(first.referenced_table),
        referencedColumns: group.map((r) => String(r.referenced_column)),
        onUpdate: action(first.on_update),
        onDelete: action(first.on_delete),
      });
    }
    return out;
  }

  indexes(rows: Row[]): IndexRow[] {
    const out: IndexRow[] = [];
    for (const group of groupRows(rows, 'index_name').values()) {
      const first = group[0]!;
      const ref = this.ref(first);
      if (!ref || first.index_name === null) continue;
      out.push({
        ...ref,
        name: String(first.index_name),
        columns: group.map((r) => String(r.column_name)),
        unique: Boolean(first.is_unique),
        primary: Boolean(first.is_primary_key),
        method: str(first.index_type)?.toLowerCase() ?? null,
        definition: str(first.filter_definition),
      });
    }
    return out;
  }

  /** SQL Server partitions are numbered ranges of a partition function: no partition names to list. */
  partitions(rows: Row[]): PartitionRow[] {
    const out = new Map<number, PartitionRow>();
    for (const row of rows) {
      const ref = this.ref(row);
      if (!ref || out.has(Number(row.object_id))) continue;
      out.set(Number(row.object_id), { ...ref, strategy: 'range', columns: [String(row.column_name)] });
    }
    return [...out.values()];
  }
}
