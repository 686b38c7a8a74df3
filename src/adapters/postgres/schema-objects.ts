import type { EnumType, Sequence } from '../../catalog/model.js';

type Json = Record<string, unknown>;
const str = (value: unknown) => (value === null || value === undefined ? undefined : String(value));

/** Enum types from the schemas query's `enums` JSON. */
export function toEnums(value: unknown): EnumType[] {
  return ((value as Json[] | null) ?? []).map((item) => ({
    name: String(item.name),
    labels: (item.labels as string[] | null) ?? [],
    ...(str(item.comment) !== undefined ? { comment: String(item.comment) } : {}),
  }));
}

/** Sequences from the schemas query's `sequences` JSON. */
export function toSequences(value: unknown): Sequence[] {
  return ((value as Json[] | null) ?? []).map((item) => {
    const sequence: Sequence = { name: String(item.name) };
    if (str(item.dataType)) sequence.dataType = String(item.dataType);
    if (str(item.start)) sequence.start = String(item.start);
    if (str(item.increment)) sequence.increment = String(item.increment);
    if (str(item.min)) sequence.minValue = String(item.min);
    if (str(item.max)) sequence.maxValue = String(item.max);
    if (typeof item.cycle === 'boolean') sequence.cycle = item.cycle;
    if (str(item.table) && str(item.column)) {
      sequence.ownedBy = { table: String(item.table), column: String(item.column) };
      if (item.identity === true) sequence.ownedBy.identity = true;
    }
    return sequence;
  });
}
