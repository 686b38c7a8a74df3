/**
 * Where a catalog can hold a secret. Free text can: comments, view definitions, column defaults, CHECK expressions,
 * index definitions, partition bounds, enum labels, statistics (sampled values, min/max) and any field added later;
 * these are redacted as every other output string is. Identifiers and type names (and numbers and flags) are
 * skipped: walking each of them in a 50,000-table catalog cost more than reading it.
 */
import { type RedactionShape, withRedactionShape } from '../core/redact.js';
import type { Catalog } from './model.js';

const names = (...keys: string[]): ReadonlySet<string> => new Set(keys);

const column: RedactionShape = {
  identifiers: names('name', 'ordinal', 'nativeType', 'type', 'nullable', 'isIdentity', 'isGenerated'),
};
const keyColumns: RedactionShape = { identifiers: names('name', 'columns') };
const foreignKey: RedactionShape = {
  identifiers: names(
    'name',
    'columns',
    'referencedDatabase',
    'referencedSchema',
    'referencedTable',
    'referencedColumns',
  ),
};
const index: RedactionShape = { identifiers: names('name', 'columns', 'unique', 'primary', 'method') };
const table: RedactionShape = {
  identifiers: names('name', 'kind', 'rowCountEstimate', 'sizeBytes'),
  nested: {
    columns: column,
    primaryKey: keyColumns,
    uniqueConstraints: keyColumns,
    foreignKeys: foreignKey,
    indexes: index,
  },
};
const sequence: RedactionShape = {
  identifiers: names('name', 'dataType', 'start', 'increment', 'minValue', 'maxValue', 'cycle', 'ownedBy'),
};
const schema: RedactionShape = {
  identifiers: names('name', 'owner'),
  nested: { tables: table, sequences: sequence },
};
const database: RedactionShape = { identifiers: names('name'), nested: { schemas: schema } };
const catalogShape: RedactionShape = {
  identifiers: names('formatVersion', 'engine', 'introspectedAt'),
  nested: { databases: database },
};

/** Marks a catalog (in place) so that redaction skips its identifiers and still masks all its free text. */
export function withCatalogRedactionShape<T extends Catalog>(catalog: T): T {
  return withRedactionShape(catalog, catalogShape);
}
