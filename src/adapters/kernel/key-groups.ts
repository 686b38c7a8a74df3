/**
 * Keys and indexes grouped by relation as their rows arrive, in model shape: the kernel uses the groups as they are.
 * Held as rows until the assembly, 170,000 keys and indexes at 50,000 tables lived twice (row and model object)
 * and the assembly grouped them again by a key string per row.
 */
import type { CheckConstraint, ForeignKey, Index, PrimaryKey, UniqueConstraint } from '../../catalog/model.js';
import type { ConstraintRow, IndexRow, RelationKey } from './catalog-row-shapes.js';
import { RelationMap } from './relation-map.js';

/** The key fields of a table (a `Table` is one too), which constraint rows are added to. */
export interface KeyTarget {
  primaryKey?: PrimaryKey;
  uniqueConstraints: UniqueConstraint[];
  foreignKeys: ForeignKey[];
  checkConstraints?: CheckConstraint[];
}

/** One relation's keys and indexes, in model shape. */
export interface KeyGroup extends RelationKey, KeyTarget {
  indexes: Index[];
}

/** What a row became: its `columns` can be filled in later (an adapter that names columns after reading them). */
export type KeyPart = PrimaryKey | UniqueConstraint | ForeignKey | CheckConstraint | Index;

// Objects are built by assignment, in the model's key order: spreading conditional literals (`...(x ? { x } : {})`)
// into them cost more than the rest of the assembly on 10,000s of keys and indexes.

export function toIndex(row: IndexRow): Index {
  const index: Index = { name: row.name, columns: row.columns, unique: row.unique };
  if (row.primary) index.primary = true;
  if (row.method) index.method = row.method;
  if (row.definition) index.definition = row.definition;
  return index;
}

/** `{ name, columns }` with the name left out when there is none. */
function named<T extends { name?: string; columns: string[] }>(name: string | null | undefined, columns: string[]): T {
  const item = {} as T;
  if (name) item.name = name;
  item.columns = columns;
  return item;
}

/**
 * Adds a constraint row to a table or key group; a CHECK without its expression and a foreign key without its
 * referenced table or columns are left out (undefined). A CHECK lists its columns only when it has some.
 */
export function addConstraint(target: KeyTarget, row: ConstraintRow): KeyPart | undefined {
  const name = row.name;
  if (row.kind === 'primary') {
    target.primaryKey = named<PrimaryKey>(name, row.columns);
    return target.primaryKey;
  }
  if (row.kind === 'unique') {
    const key = named<UniqueConstraint>(name, row.columns);
    target.uniqueConstraints.push(key);
    return key;
  }
  if (row.kind === 'check') {
    if (!row.expression) return undefined;
    const check = {} as CheckConstraint;
    if (name) check.name = name;
    check.expression = row.expression;
    if (row.columns.length > 0) check.columns = row.columns;
    target.checkConstraints ??= [];
    target.checkConstraints.push(check);
    return check;
  }
  if (!row.referencedTable || !row.referencedColumns?.length) return undefined;
  const key = named<ForeignKey>(name, row.columns);
  if (row.referencedDatabase) key.referencedDatabase = row.referencedDatabase;
  key.referencedSchema = row.referencedSchema ?? row.schema;
  key.referencedTable = row.referencedTable;
  key.referencedColumns = row.referencedColumns;
  if (row.onUpdate) key.onUpdate = row.onUpdate;
  if (row.onDelete) key.onDelete = row.onDelete;
  target.foreignKeys.push(key);
  return key;
}

/**
 * Rows of one relation usually arrive together (catalog queries order by relation): the last group is looked at
 * first, one per kind, since the keys and indexes reads stream in at the same time.
 */
export function keyGroups() {
  const groups: KeyGroup[] = [];
  const byRelation = new RelationMap<KeyGroup>();
  const find = (row: RelationKey): KeyGroup => {
    let group = byRelation.get(row);
    if (!group) {
      const { database, schema, table } = row;
      group = { database, schema, table, uniqueConstraints: [], foreignKeys: [], indexes: [] };
      byRelation.set(row, group);
      groups.push(group);
    }
    return group;
  };
  const isFor = (group: KeyGroup | undefined, row: RelationKey): group is KeyGroup =>
    group !== undefined && group.table === row.table && group.schema === row.schema && group.database === row.database;
  let lastKeyGroup: KeyGroup | undefined;
  let lastIndexGroup: KeyGroup | undefined;
  return {
    /** Adds a key; returns what it became in its group (undefined when left out) and the group. */
    addConstraint(row: ConstraintRow): { part: KeyPart; group: KeyGroup } | undefined {
      if (!isFor(lastKeyGroup, row)) lastKeyGroup = find(row);
      const group = lastKeyGroup;
      const part = addConstraint(group, row);
      return part ? { part, group } : undefined;
    },
    addIndex(row: IndexRow): { part: Index; group: KeyGroup } {
      if (!isFor(lastIndexGroup, row)) lastIndexGroup = find(row);
      const group = lastIndexGroup;
      const part = toIndex(row);
      group.indexes.push(part);
      return { part, group };
    },
    groups: (): KeyGroup[] => groups,
  };
}
