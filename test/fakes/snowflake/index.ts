export type { FakeUser } from './auth.js';
export { type CatalogWorld, defaultWorld } from './catalog-world.js';
export { scaledWorld } from './scale-fixture.js';
export { type FakeSnowflake, type FakeSnowflakeOptions, fakeVersion, startFakeSnowflake } from './server.js';
export type { StatementHandler } from './statements.js';
