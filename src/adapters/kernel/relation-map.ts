import type { RelationKey } from './catalog-row-shapes.js';

/**
 * Values by relation (database, schema, table) in nested maps: the rows' own name strings are the keys, where a
 * joined key string per row cost a string allocation and its hashing each (hundreds of thousands at 50,000 tables).
 */
export class RelationMap<T> {
  private readonly databases = new Map<string, Map<string, Map<string, T>>>();

  get(key: RelationKey): T | undefined {
    return this.databases.get(key.database)?.get(key.schema)?.get(key.table);
  }

  set(key: RelationKey, value: T): void {
    const schemas = entry(this.databases, key.database, () => new Map<string, Map<string, T>>());
    entry(schemas, key.schema, () => new Map<string, T>()).set(key.table, value);
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
