/** What the fake account holds: the shared fixture in one database, plus the system objects a real account has. */
import type { FixtureColumn, FixtureTable } from '../../fixtures/shop-fixture.js';
import { shopFixture } from '../../fixtures/shop-fixture.js';

export interface CatalogWorld {
  /** The fixture's database, e.g. SHOPDB (Snowflake upper-cases unquoted identifiers). */
  database: string;
  tables: FixtureTable[];
  schemas: string[];
  /** Schema only the unrestricted role can see. */
  restrictedSchema: string;
}

export function defaultWorld(database = 'SHOPDB', tables: FixtureTable[] = shopFixture.tables): CatalogWorld {
  const schemas = [...new Set([...shopFixture.schemas, ...tables.map((t) => t.schema)])];
  return { database, tables, schemas, restrictedSchema: shopFixture.restrictedSchema };
}

const column = (name: string, type: FixtureColumn['type'], nullable: boolean): FixtureColumn => ({
  name,
  type,
  nullable,
});

/** The restricted schema's one table, so the unrestricted role sees something there. */
function restrictedTables(world: CatalogWorld): FixtureTable[] {
  return [
    {
      schema: world.restrictedSchema,
      name: 'secrets',
      kind: 'table',
      columns: [column('id', 'integer', false), column('secret', 'text', true)],
      primaryKey: ['id'],
    },
  ];
}

/** A table as the fake lists it, with its database. */
export interface WorldTable extends FixtureTable {
  database: string;
}

/** System objects every account shows: INFORMATION_SCHEMA views and the shared SNOWFLAKE database. */
function systemTables(world: CatalogWorld): WorldTable[] {
  const view = (database: string, schema: string, name: string): WorldTable => ({
    database,
    schema,
    name,
    kind: 'view',
    columns: [column('TABLE_NAME', 'text', true)],
    viewSql: `SELECT 1 AS TABLE_NAME`,
  });
  return [
    view(world.database, 'INFORMATION_SCHEMA', 'TABLES'),
    view(world.database, 'INFORMATION_SCHEMA', 'COLUMNS'),
    view('SNOWFLAKE', 'ACCOUNT_USAGE', 'QUERY_HISTORY'),
  ];
}

export interface Visibility {
  /** Schemas (lower-case fixture names) the session's role cannot see at all. */
  hiddenSchemas: ReadonlySet<string>;
}

/** Databases, schemas and tables the role sees, names upper-cased as Snowflake stores unquoted identifiers. */
export function visibleObjects(world: CatalogWorld, visibility: Visibility) {
  const upper = (t: FixtureTable & { database?: string }): WorldTable => ({
    ...t,
    database: (t.database ?? world.database).toUpperCase(),
    schema: t.schema.toUpperCase(),
    name: t.name.toUpperCase(),
    columns: t.columns.map((c) => ({ ...c, name: c.name.toUpperCase() })),
  });
  const userTables = [...world.tables, ...restrictedTables(world)]
    .filter((t) => !visibility.hiddenSchemas.has(t.schema.toLowerCase()))
    .map(upper);
  const tables = [...userTables, ...systemTables(world).map(upper)];
  const userSchemas = [...world.schemas, world.restrictedSchema].filter(
    (s) => !visibility.hiddenSchemas.has(s.toLowerCase()),
  );
  const schemas = [
    ...userSchemas.map((s) => ({ database: world.database.toUpperCase(), name: s.toUpperCase() })),
    { database: world.database.toUpperCase(), name: 'INFORMATION_SCHEMA' },
    { database: 'SNOWFLAKE', name: 'ACCOUNT_USAGE' },
    { database: 'SNOWFLAKE', name: 'INFORMATION_SCHEMA' },
  ];
  const databases = [
    { name: world.database.toUpperCase(), kind: 'STANDARD', origin: '' },
    { name: 'SNOWFLAKE', kind: 'APPLICATION', origin: 'SNOWFLAKE.ACCOUNT_USAGE' },
  ];
  return { databases, schemas, tables };
}
