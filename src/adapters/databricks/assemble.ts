import { compileFilter } from '../../catalog/filters.js';
import type { Column, Database, Table } from '../../catalog/model.js';
import { typeFamily } from '../../catalog/type-family.js';
import type { IntrospectOptions } from '../adapter.js';
import { type RawCatalog, tableKey } from './raw-catalog.js';

const systemCatalogs = new Set(['system', '__databricks_internal']);
const systemSchemas = new Set(['information_schema']);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** Builds the catalog's databases (= Databricks catalogs) from raw rows, applying the name filters. */
export function assembleDatabases(
  raw: RawCatalog,
  options: IntrospectOptions,
  onlyCatalog: string | undefined,
): Database[] {
  const databaseFilter = compileFilter(options.databases);
  const schemaFilter = compileFilter(options.schemas);
  const tableFilter = compileFilter(options.tables);
  const withSystem = options.includeSystemSchemas ?? false;
  const keepDatabase = (name: string) =>
    (withSystem || !systemCatalogs.has(name.toLowerCase())) &&
    (!onlyCatalog || name.toLowerCase() === onlyCatalog.toLowerCase()) &&
    databaseFilter.matches(name);

  const columnsByTable = groupBy(raw.columns, (c) => tableKey(c.catalog, c.schema, c.table));
  const pkByTable = new Map(raw.primaryKeys.map((pk) => [tableKey(pk.catalog, pk.schema, pk.table), pk]));
  const fksByTable = groupBy(raw.foreignKeys, (fk) => tableKey(fk.catalog, fk.schema, fk.table));
  const tablesBySchema = groupBy(raw.tables, (t) => `${t.catalog}\u0000${t.schema}`.toLowerCase());
  const schemasByCatalog = groupBy(raw.schemas, (s) => s.catalog.toLowerCase());

  const buildTable = (catalog: string, schema: string, rawTable: RawCatalog['tables'][number]): Table => {
    const key = tableKey(catalog, schema, rawTable.name);
    const rawColumns = [...(columnsByTable.get(key) ?? [])].sort((a, b) => a.position - b.position);
    const columns: Column[] = rawColumns.map((c, index) =>
      defined({
        name: c.name,
        ordinal: index + 1,
        nativeType: c.nativeType,
        type: typeFamily(c.nativeType),
        nullable: c.nullable,
        default: c.default,
        comment: c.comment,
        isIdentity: c.isIdentity || undefined,
        isGenerated: c.isGenerated || undefined,
      }),
    );
    const partitionColumns = rawColumns
      .filter((c) => c.partitionIndex !== undefined)
      .sort((a, b) => (a.partitionIndex ?? 0) - (b.partitionIndex ?? 0))
      .map((c) => c.name);
    const pk = pkByTable.get(key);
    return defined({
      name: rawTable.name,
      kind: rawTable.kind,
      comment: rawTable.comment,
      viewDefinition: rawTable.viewDefinition,
      columns,
      primaryKey: pk ? defined({ name: pk.name, columns: pk.columns }) : undefined,
      foreignKeys: (fksByTable.get(key) ?? []).map((fk) =>
        defined({
          name: fk.name,
          columns: fk.columns,
          referencedDatabase: fk.referencedCatalog,
          referencedSchema: fk.referencedSchema,
          referencedTable: fk.referencedTable,
          referencedColumns: fk.referencedColumns,
          onUpdate: fk.onUpdate,
          onDelete: fk.onDelete,
        }),
      ),
      uniqueConstraints: [],
      indexes: [],
      // Delta/Hive partitions are one directory per distinct value of the partition columns.
      partitioning: partitionColumns.length > 0 ? { strategy: 'identity', columns: partitionColumns } : undefined,
    });
  };

  return raw.databases
    .filter((d) => keepDatabase(d.name))
    .map((d) =>
      defined({
        name: d.name,
        comment: d.comment,
        schemas: (schemasByCatalog.get(d.name.toLowerCase()) ?? [])
          .filter(
            (s) =>
              (withSystem || !systemSchemas.has(s.name.toLowerCase())) &&
              schemaFilter.matches(s.name, `${d.name}.${s.name}`),
          )
          .map((s) =>
            defined({
              name: s.name,
              comment: s.comment,
              owner: s.owner,
              tables: (tablesBySchema.get(`${d.name}\u0000${s.name}`.toLowerCase()) ?? [])
                .filter((t) => tableFilter.matches(t.name, `${s.name}.${t.name}`))
                .map((t) => buildTable(d.name, s.name, t)),
            }),
          ),
      }),
    );
}
