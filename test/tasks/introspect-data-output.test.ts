/** The introspect-data task's output check: the envelope in full, the adapter-built tables by shape only. */
import { describe, expect, it } from 'vitest';
import { IntrospectDataOutput, IntrospectDataOutputCheck } from '../../src/tasks/introspect-data/interfaces.js';

const table = {
  name: 'orders',
  kind: 'table',
  columns: [{ name: 'id', ordinal: 1, nativeType: 'bigint', type: 'integer', nullable: false }],
  foreignKeys: [],
  uniqueConstraints: [],
  indexes: [],
};
const output = (tables: unknown) => ({
  success: true,
  dataSource: { name: 'warehouse', type: 'postgres' },
  catalog: {
    formatVersion: 1,
    engine: 'postgres',
    introspectedAt: '2026-12-02T00:00:00.000Z',
    databases: [{ name: 'db', schemas: [{ name: 'public', tables }] }],
    warnings: [],
  },
  stats: { durationMs: 1, queries: 8, databases: 1, schemas: 1, tables: 1, columns: 1 },
  warnings: [],
});

describe('introspect-data output check', () => {
  it('accepts what the full schema accepts and hands the tables on as they are (no copy per column)', () => {
    const value = output([table]);
    expect(IntrospectDataOutput.safeParse(value).success).toBe(true);
    const checked = IntrospectDataOutputCheck.parse(value);
    expect(checked.catalog!.databases[0]!.schemas[0]!.tables[0]).toBe(table);
  });

  it('still rejects a malformed envelope, catalog, schema or table', () => {
    expect(IntrospectDataOutputCheck.safeParse({ ...output([table]), success: 'yes' }).success).toBe(false);
    const badEngine = output([table]);
    (badEngine.catalog as { engine: string }).engine = 'oracle';
    expect(IntrospectDataOutputCheck.safeParse(badEngine).success).toBe(false);
    const result = IntrospectDataOutputCheck.safeParse(output([{ name: 'orders' }]));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['catalog', 'databases', 0, 'schemas', 0, 'tables', 0]);
    expect(IntrospectDataOutputCheck.safeParse(output([null])).success).toBe(false);
    // The second table is the bad one: its index is in the path. Tables that are not an array fail too.
    const second = IntrospectDataOutputCheck.safeParse(output([table, { columns: [] }]));
    expect(second.error!.issues.map((issue) => issue.path.at(-1))).toEqual([1]);
    expect(IntrospectDataOutputCheck.safeParse(output({ 0: table })).success).toBe(false);
  });
});
