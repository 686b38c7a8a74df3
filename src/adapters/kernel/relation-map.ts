import type { RelationKey } from './catalog-row-shapes.js';

/**
 * Values by relation (database, schema, table) in nested maps: the rows' own name strings are the keys, where a
 * joined key string per row cost a string allocation and its hashing each (hundreds of thousands at 50,000 tables).
 */
export class RelationMap<T> {
  private readonly databases = new Map<string, Map<string, Map<string, T>>>();
  // The tables of the schema looked up last: lookups come schema by schema, and three map lookups per row added up
  // (100,000s at 5,000 tables, in code run once per process).
  private lastDatabase: string | undefined;
  private lastSchema: string | undefined;
  private lastTables: Map<string, T> | undefined;

  get(key: RelationKey): T | undefined {
    if (this.databases.size === 0) return undefined;
    if (key.schema !== this.lastSchema || key.database !== this.lastDatabase) {
      this.lastDatabase = key.database;
      this.lastSchema = key.schema;
      this.lastTables = this.databases.get(key.database)?.get(key.schema);
    }
    return this.lastTables?.get(key.table);
  }

  set(key: RelationKey, value: T): void {
    const schemas = entry(this.databases, key.database, () => new Map<string, Map<string, T>>());
    const tables = entry(schemas, key.schema, () => new Map<string, T>());
    tables.set(key.table, value);
    // A schema created since the last lookup: the cached miss must not stand.
    if (key.schema === this.lastSchema && key.database === this.lastDatabase) this.lastTables = tables;
  }

  *values(): Generator<T> {
    for (const schemas of this.databases.values()) {
      for (const tables of schemas.values()) yield* tables.values();
    }
  }
}

/** The value under `key`, created first when there is none. */
export function entry<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

/** Rows grouped by relation, each relation's in row order. */
export function groupByRelation<T extends RelationKey>(rows: readonly T[] | undefined): RelationMap<T[]> {
  const map = new RelationMap<T[]>();
  for (const row of rows ?? []) {
    const list = map.get(row);
    if (list) list.push(row);
    else map.set(row, [row]);
  }
  return map;
}

/** One value per relation (the last one given for a relation wins). */
export function byRelation<T extends RelationKey>(values: readonly T[] | undefined): RelationMap<T> {
  const map = new RelationMap<T>();
  // Indexed: an iterator's result objects are allocated in code not optimised yet (50,000 groups, run once).
  const list = values ?? [];
  for (let i = 0; i < list.length; i++) map.set(list[i]!, list[i]!);
  return map;
}
