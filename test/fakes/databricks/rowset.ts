/** Encodes result sets the way a Databricks server without Arrow does: a TTableSchema and column-based TRowSets. */
import { Int64, types } from './thrift-runtime.js';

export type FakeColumnType = 'STRING' | 'INT' | 'BIGINT' | 'BOOLEAN' | 'DOUBLE' | 'DECIMAL' | 'DATE' | 'TIMESTAMP';

export interface FakeColumn {
  name: string;
  type: FakeColumnType;
}

export type FakeRow = Record<string, unknown>;

export interface FakeResult {
  columns: FakeColumn[];
  rows: FakeRow[];
}

const typeIds: Record<FakeColumnType, string> = {
  STRING: 'STRING_TYPE',
  INT: 'INT_TYPE',
  BIGINT: 'BIGINT_TYPE',
  BOOLEAN: 'BOOLEAN_TYPE',
  DOUBLE: 'DOUBLE_TYPE',
  DECIMAL: 'DECIMAL_TYPE',
  DATE: 'DATE_TYPE',
  TIMESTAMP: 'TIMESTAMP_TYPE',
};

export function tableSchema(columns: FakeColumn[]): unknown {
  return new types.TTableSchema({
    columns: columns.map((column, index) => ({
      columnName: column.name,
      position: index + 1,
      typeDesc: { types: [{ primitiveEntry: { type: types.TTypeId[typeIds[column.type]] } }] },
    })),
  });
}

function nullBitmap(values: unknown[]): Buffer {
  const bitmap = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((value, i) => {
    if (value === null || value === undefined) bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i % 8));
  });
  return bitmap;
}

function encodeColumn(type: FakeColumnType, values: unknown[]): Record<string, unknown> {
  const nulls = nullBitmap(values);
  const present = (fallback: unknown) => values.map((v) => (v === null || v === undefined ? fallback : v));
  switch (type) {
    case 'INT':
      return { i32Val: { values: present(0).map(Number), nulls } };
    case 'BIGINT':
      return { i64Val: { values: present(0).map((v) => new Int64(Number(v))), nulls } };
    case 'BOOLEAN':
      return { boolVal: { values: present(false).map(Boolean), nulls } };
    case 'DOUBLE':
      return { doubleVal: { values: present(0).map(Number), nulls } };
    default:
      return { stringVal: { values: present('').map(String), nulls } };
  }
}

/** One page of rows starting at `offset`, as a column-based row set. */
export function columnRowSet(result: FakeResult, offset: number, rows: FakeRow[]): unknown {
  return new types.TRowSet({
    startRowOffset: new Int64(offset),
    rows: [],
    columns: result.columns.map((column) =>
      encodeColumn(
        column.type,
        rows.map((row) => row[column.name]),
      ),
    ),
  });
}
