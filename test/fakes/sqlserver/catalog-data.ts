/** What the fake SQL Server holds: the fixture's schemas and tables (sys-catalog.ts turns them into sys.* rows). */
import type { FixtureTable } from '../../fixtures/shop-fixture.js';

export interface FakeFixture {
  schemas: string[];
  tables: FixtureTable[];
  restrictedSchema: string;
}
