/** Introspection assertions of the contract suite: the catalog must describe test/fixtures/shop-fixture.ts. */
import { expect, it } from 'vitest';
import type { AdapterCapabilities } from '../../src/adapters/adapter.js';
import type { Database, Table } from '../../src/catalog/model.js';
import { type FixtureTable, fixtureTable, shopFixture } from '../fixtures/shop-fixture.js';
import { findTable, sameName } from './contract-helpers.js';

/** Named checks a harness may opt out of, with a reason, when its engine cannot express them. */
export type ContractCheck =
  | 'uniques'
  | 'crossSchemaForeignKeys'
  | 'tableComments'
  | 'viewComments'
  | 'columnComments'
  | 'typeFamilies'
  | 'nullability'
  | 'viewDefinitions'
  | 'views'
  | 'restricted'
  | 'timeout'
  | 'abortQuery'
  | 'queryErrors';

export interface CatalogCheckContext {
  capabilities: () => AdapterCapabilities;
  database: () => Database;
  skips: Partial<Record<ContractCheck, string>>;
}

/** Fixture tables the engine can represent: a materialized view only where the engine has them. */
function expectedTables(capabilities: AdapterCapabilities, skips: CatalogCheckContext['skips']): FixtureTable[] {
  return shopFixture.tables.filter((t) => {
    if (t.kind === 'materialized_view') return capabilities.materializedViews;
    if (t.kind === 'view') return !skips.views;
    return true;
  });
}

function tableOf(ctx: CatalogCheckContext, fixture: FixtureTable): Table {
  const table = findTable(ctx.database(), fixture.schema, fixture.name);
  expect(table, `table ${fixture.schema}.${fixture.name} in the catalog`).toBeDefined();
  return table as Table;
}

const lower = (names: string[] | undefined) => (names ?? []).map((n) => n.toLowerCase());

/** Registers one `it` per catalog property. Call inside a describe whose beforeAll fills the context. */
export function registerCatalogChecks(ctx: CatalogCheckContext): void {
  const caps = () => ctx.capabilities();
  /** Title suffix naming a harness's reason for leaving (part of) a check out. */
  const note = (...checks: ContractCheck[]) =>
    checks.map((check) => (ctx.skips[check] ? ` (${check} skipped: ${ctx.skips[check]})` : '')).join('');

  it('lists every fixture table with its kind', () => {
    for (const fixture of expectedTables(caps(), ctx.skips)) {
      const table = tableOf(ctx, fixture);
      const kinds: string[] =
        fixture.kind === 'partitioned' ? (caps().partitions ? ['partitioned', 'table'] : ['table']) : [fixture.kind];
      expect(kinds, `${fixture.name} kind`).toContain(table.kind);
    }
  });

  it('excludes system schemas by default', () => {
    const names = lower(ctx.database().schemas.map((s) => s.name));
    for (const system of ['information_schema', 'pg_catalog', 'pg_toast', 'mysql', 'performance_schema', 'sys']) {
      expect(names).not.toContain(system);
    }
  });

  it(`gives columns in order with ordinal, type family and nullability${note('typeFamilies', 'nullability')}`, () => {
    for (const fixture of expectedTables(caps(), ctx.skips)) {
      const table = tableOf(ctx, fixture);
      expect(lower(table.columns.map((c) => c.name)), `${fixture.name} columns`).toEqual(
        lower(fixture.columns.map((c) => c.name)),
      );
      table.columns.forEach((column, index) => {
        expect(column.ordinal).toBe(index + 1);
        expect(column.nativeType.length).toBeGreaterThan(0);
      });
      // Types and nullability of computed view columns vary by engine: checked on base tables only.
      if (fixture.kind === 'view' || fixture.kind === 'materialized_view') continue;
      fixture.columns.forEach((expected, index) => {
        const column = table.columns[index]!;
        if (!ctx.skips.typeFamilies) expect(column.type, `${fixture.name}.${expected.name} type`).toBe(expected.type);
        if (!ctx.skips.nullability) {
          expect(column.nullable, `${fixture.name}.${expected.name} nullable`).toBe(expected.nullable);
        }
      });
    }
  });

  it(`reads table and column comments${note('tableComments', 'viewComments', 'columnComments')}`, (test) => {
    if (!caps().comments) test.skip();
    for (const fixture of expectedTables(caps(), ctx.skips)) {
      const table = tableOf(ctx, fixture);
      const isView = fixture.kind === 'view' || fixture.kind === 'materialized_view';
      const skipTable = isView ? ctx.skips.viewComments : ctx.skips.tableComments;
      if (fixture.comment && !skipTable) expect(table.comment, `${fixture.name} comment`).toBe(fixture.comment);
      if (ctx.skips.columnComments || isView) continue;
      for (const column of fixture.columns) {
        if (!column.comment) continue;
        const found = table.columns.find((c) => sameName(c.name, column.name));
        expect(found?.comment, `${fixture.name}.${column.name} comment`).toBe(column.comment);
      }
    }
  });

  it('reads primary keys, composite ones in key order', (test) => {
    if (!caps().foreignKeys && !caps().indexes) test.skip();
    for (const fixture of shopFixture.tables.filter((t) => t.primaryKey)) {
      const table = tableOf(ctx, fixture);
      expect(lower(table.primaryKey?.columns), `${fixture.name} primary key`).toEqual(lower(fixture.primaryKey));
    }
  });

  it(`reads foreign keys, across schemas too${note('crossSchemaForeignKeys')}`, (test) => {
    if (!caps().foreignKeys) test.skip();
    // An engine that cannot declare a cross-schema key (DuckDB) is checked on its same-schema keys only.
    const declarable = (fixture: (typeof shopFixture.tables)[number]) =>
      (fixture.foreignKeys ?? []).filter((fk) => !ctx.skips.crossSchemaForeignKeys || fk.schema === fixture.schema);
    for (const fixture of shopFixture.tables.filter((t) => declarable(t).length > 0)) {
      const table = tableOf(ctx, fixture);
      expect(table.foreignKeys, `${fixture.name} foreign keys`).toHaveLength(declarable(fixture).length);
      for (const expected of declarable(fixture)) {
        const found = table.foreignKeys.find((fk) => lower(fk.columns).join() === lower(expected.columns).join());
        expect(found, `${fixture.name} FK on ${expected.columns.join()}`).toBeDefined();
        expect(sameName(found!.referencedSchema, expected.schema), 'referenced schema').toBe(true);
        expect(sameName(found!.referencedTable, expected.table), 'referenced table').toBe(true);
        expect(lower(found!.referencedColumns)).toEqual(lower(expected.referencedColumns));
      }
    }
  });

  it(`reads unique constraints (as constraints or unique indexes)${note('uniques')}`, (test) => {
    if (ctx.skips.uniques || (!caps().foreignKeys && !caps().indexes)) test.skip();
    for (const fixture of shopFixture.tables.filter((t) => t.uniques)) {
      const table = tableOf(ctx, fixture);
      for (const columns of fixture.uniques!) {
        const key = lower(columns).join();
        const asConstraint = table.uniqueConstraints.some((u) => lower(u.columns).join() === key);
        const asIndex = table.indexes.some((i) => i.unique && lower(i.columns).join() === key);
        expect(asConstraint || asIndex, `${fixture.name} unique (${key})`).toBe(true);
      }
    }
  });

  it('reads secondary indexes with their columns in order', (test) => {
    if (!caps().indexes) test.skip();
    for (const fixture of shopFixture.tables.filter((t) => t.indexes)) {
      const table = tableOf(ctx, fixture);
      for (const expected of fixture.indexes!) {
        const found = table.indexes.find((i) => sameName(i.name, expected.name));
        expect(found, `${fixture.name} index ${expected.name}`).toBeDefined();
        expect(lower(found!.columns)).toEqual(lower(expected.columns));
        expect(found!.unique).toBe(expected.unique);
      }
    }
  });

  it(`reads view definitions${note('views', 'viewDefinitions')}`, (test) => {
    if (ctx.skips.views || ctx.skips.viewDefinitions) test.skip();
    const view = tableOf(ctx, fixtureTable('shop', 'customer_order_totals'));
    expect(view.viewDefinition?.toLowerCase()).toContain('customers');
  });

  it('reads materialized views with their definition', (test) => {
    if (!caps().materializedViews) test.skip();
    const view = tableOf(ctx, fixtureTable('billing', 'daily_revenue'));
    expect(view.kind).toBe('materialized_view');
    if (!ctx.skips.viewDefinitions) expect(view.viewDefinition?.toLowerCase()).toContain('payments');
  });

  it('reads partitioning', (test) => {
    if (!caps().partitions) test.skip();
    const fixture = fixtureTable('billing', 'payment_events');
    const table = tableOf(ctx, fixture);
    expect(table.partitioning, 'payment_events partitioning').toBeDefined();
    expect(table.partitioning!.strategy.toLowerCase()).toBe(fixture.partitioning!.strategy);
    expect(lower(table.partitioning!.columns)).toEqual([fixture.partitioning!.column]);
    if (table.partitioning!.partitions) {
      expect(lower(table.partitioning!.partitions)).toEqual(expect.arrayContaining(fixture.partitioning!.partitions));
    }
  });
}
