/**
 * The contract every adapter passes. A test file describes how to reach its engine (a real local server or a fake
 * protocol server loaded with test/fixtures/shop-fixture.ts) and calls `testAdapter(harness)`. What an engine lacks
 * is skipped through `adapter.capabilities`; names compare case-insensitively (Snowflake upper-cases).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Adapter,
  AdapterCapabilities,
  AdapterFactoryOptions,
  IntrospectOptions,
  QueryParams,
} from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { Catalog, type Database } from '../../src/catalog/model.js';
import { ErrorCode } from '../../src/core/errors.js';
import { shopFixture } from '../fixtures/shop-fixture.js';
import { type ContractCheck, registerCatalogChecks } from './catalog-checks.js';
import {
  expectCode,
  expectNoSecrets,
  findDatabase,
  looselyEqual,
  lowerKeys,
  sameName,
  tableNames,
  withAdapter,
} from './contract-helpers.js';
import { registerKernelChecks } from './kernel-checks.js';
import { registerLifecycleChecks } from './lifecycle-checks.js';

export type { ContractCheck } from './catalog-checks.js';

export interface AdapterHarness {
  name: string;
  /** Start a fake server / create a database and load shopFixture (test/fixtures/shop-fixture.ts). */
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** Credentials that connect and see the whole fixture. */
  credentials(): CredentialsInput;
  /** Expect AUTH_FAILED. */
  badPassword?(): CredentialsInput;
  /** Expect HOST_UNREACHABLE (or CONNECTION_FAILED/TIMEOUT). */
  unreachable?(): CredentialsInput;
  /** Expect TLS_FAILED. */
  tlsFailure?(): CredentialsInput;
  /** Expect DATABASE_NOT_FOUND. */
  missingDatabase?(): CredentialsInput;
  /** A user who cannot read shopFixture.restrictedSchema: warning, not failure. */
  restricted?(): CredentialsInput;
  /** Name the fixture's database has in the catalog (case-insensitive compare). */
  database: string;
  sql: {
    /** A query with parameters in the engine's native style and the rows it must return. */
    params: { sql: string; params: QueryParams; expect: Record<string, unknown>[] };
    /** Returns at least 1,000 rows (row cap test). */
    manyRows: string;
    /** Runs for at least 20 s unless cancelled (timeout test). */
    slow: string;
    /** Optional: a statement that writes; with `readOnly: true` it must fail (engines with read-only transactions). */
    write?: string;
    /** An INSERT and a query whose one value counts the rows it would add (the dry-run check; needed with a dry run). */
    insert?: { sql: string; count: string };
  };
  /**
   * Optional: connections through a TCP proxy that cuts a connection when the client sends one optional part's
   * statement (`markers`: part -> bytes unique to its statement), for the lost-connection checks.
   */
  optionalParts?: {
    target(): { host: string; port: number };
    through(proxy: { host: string; port: number }): CredentialsInput;
    markers: Record<string, string | Buffer>;
    /** Introspection options that make every marked part be read (e.g. columnStats). */
    options?: IntrospectOptions;
  };
  /** Open sessions/connections of the adapter's application (for the "nothing left open" checks). */
  openConnections(): Promise<number>;
  /** Statements still running on the server (to prove a timeout cancelled the statement server-side). */
  runningStatements?(): Promise<number>;
  /** Round trips the server saw (fakes); compared before/after introspection when given. */
  requestCount?(): number;
  /** Optional: factory options for every adapter the suite creates (an injected driver, a log sink). */
  adapterOptions?(): AdapterFactoryOptions;
  /** Optional: checks the engine cannot express, each with the reason (shown in the skipped test's title). */
  skip?: Partial<Record<ContractCheck, string>>;
}

/** Registers `describe(harness.name, ...)` with the whole adapter contract. */
export function testAdapter(harness: AdapterHarness): void {
  const skips = harness.skip ?? {};
  const note = (check: ContractCheck) => (skips[check] ? ` (skipped: ${skips[check]})` : '');
  const open = (credentials: CredentialsInput = harness.credentials()): Promise<Adapter> =>
    createAdapter(credentials, harness.adapterOptions?.() ?? {});
  const use = <T>(credentials: CredentialsInput, body: (adapter: Adapter) => Promise<T>): Promise<T> =>
    withAdapter(credentials, harness.adapterOptions?.(), body);

  describe(harness.name, () => {
    let capabilities: AdapterCapabilities;
    /** Scopes introspection to the fixture's database on engines that list several. */
    const scope = () =>
      capabilities.multipleDatabases ? { databases: { include: [harness.database] } } : ({} as const);

    beforeAll(async () => {
      await harness.setup();
      const adapter = await open();
      capabilities = adapter.capabilities;
      await adapter.close();
    });
    afterAll(async () => {
      await harness.teardown();
    });

    describe('testConnection', () => {
      it('connects and reports the server version', async () => {
        const result = await use(harness.credentials(), (adapter) => adapter.testConnection());
        expect(result.ok).toBe(true);
        expect(result.serverVersion.length).toBeGreaterThan(0);
        expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      });

      const failures: Array<[string, (() => CredentialsInput) | undefined, ErrorCode[]]> = [
        ['a bad password fails with AUTH_FAILED', harness.badPassword, [ErrorCode.AUTH_FAILED]],
        [
          'an unreachable host fails with HOST_UNREACHABLE',
          harness.unreachable,
          [ErrorCode.HOST_UNREACHABLE, ErrorCode.CONNECTION_FAILED, ErrorCode.TIMEOUT],
        ],
        ['a TLS failure fails with TLS_FAILED', harness.tlsFailure, [ErrorCode.TLS_FAILED]],
        ['a missing database fails with DATABASE_NOT_FOUND', harness.missingDatabase, [ErrorCode.DATABASE_NOT_FOUND]],
      ];
      for (const [title, credentials, codes] of failures) {
        it.skipIf(!credentials)(`${title}, with no secret in the error`, async () => {
          const input = credentials!.call(harness);
          const error = await expectCode(
            use(input, (adapter) => adapter.testConnection()),
            codes,
          );
          expectNoSecrets(error, input, harness.credentials());
        });
      }
    });

    describe('query', () => {
      it('binds parameters natively', async () => {
        const { sql, params, expect: expected } = harness.sql.params;
        const result = await use(harness.credentials(), (adapter) => adapter.query(sql, params));
        expect(result.truncated).toBe(false);
        expect(result.rows).toHaveLength(expected.length);
        expected.forEach((row, index) => {
          const actual = lowerKeys(result.rows[index]!);
          for (const [key, value] of Object.entries(row)) {
            expect(looselyEqual(actual[key.toLowerCase()], value), `row ${index}.${key}: ${actual[key]}`).toBe(true);
          }
        });
        expect(result.columns.map((c) => c.name.toLowerCase())).toEqual(
          expect.arrayContaining(Object.keys(expected[0] ?? {}).map((k) => k.toLowerCase())),
        );
      });

      it('caps rows at maxRows and says the result was truncated', async () => {
        const result = await use(harness.credentials(), (adapter) =>
          adapter.query(harness.sql.manyRows, undefined, { maxRows: 10 }),
        );
        expect(result.rows).toHaveLength(10);
        expect(result.truncated).toBe(true);
        const wider = await use(harness.credentials(), (adapter) =>
          adapter.query(harness.sql.manyRows, undefined, { maxRows: 1000 }),
        );
        expect(wider.rows).toHaveLength(1000);
      });

      it.skipIf(Boolean(skips.queryErrors))(
        `fails a bad statement with QUERY_FAILED${note('queryErrors')}`,
        async () => {
          await expectCode(
            use(harness.credentials(), (adapter) => adapter.query('SELECT * FROM datatasks_contract_missing_table')),
            [ErrorCode.QUERY_FAILED],
          );
        },
      );

      it.skipIf(!harness.sql.write)('refuses a write in a read-only query', async (test) => {
        if (!capabilities.readOnlyTransactions) test.skip();
        await expectCode(
          use(harness.credentials(), (adapter) => adapter.query(harness.sql.write!, undefined, { readOnly: true })),
          [ErrorCode.READ_ONLY_VIOLATION, ErrorCode.QUERY_FAILED, ErrorCode.PERMISSION_DENIED],
        );
      });
    });

    describe('introspect', () => {
      let catalog: Catalog;
      let database: Database;
      beforeAll(async () => {
        catalog = await use(harness.credentials(), (adapter) => adapter.introspect(scope()));
        database = findDatabase(catalog, harness.database);
      });

      it('returns a valid catalog of the engine', async () => {
        expect(() => Catalog.parse(catalog)).not.toThrow();
        const adapter = await open();
        await adapter.close();
        expect(catalog.engine).toBe(adapter.type);
        expect(sameName(database.name, harness.database)).toBe(true);
      });

      registerCatalogChecks({ capabilities: () => capabilities, database: () => database, skips });

      it('applies schema include and exclude filters', async () => {
        const included = await use(harness.credentials(), (adapter) =>
          adapter.introspect({ ...scope(), schemas: { include: ['shop'] } }),
        );
        const names = findDatabase(included, harness.database).schemas.map((s) => s.name.toLowerCase());
        expect(names).toEqual(['shop']);
        const excluded = await use(harness.credentials(), (adapter) =>
          adapter.introspect({ ...scope(), schemas: { exclude: ['billing'] } }),
        );
        const left = findDatabase(excluded, harness.database).schemas.map((s) => s.name.toLowerCase());
        expect(left).toContain('shop');
        expect(left).not.toContain('billing');
      });

      it('applies table filters, plain and schema-qualified', async () => {
        const excluded = await use(harness.credentials(), (adapter) =>
          adapter.introspect({ ...scope(), tables: { exclude: ['order*'] } }),
        );
        const names = tableNames(findDatabase(excluded, harness.database));
        expect(names).toContain('shop.customers');
        expect(names).not.toContain('shop.orders');
        expect(names).not.toContain('shop.order_items');
        const qualified = await use(harness.credentials(), (adapter) =>
          adapter.introspect({ ...scope(), tables: { include: ['billing.payments'] } }),
        );
        expect(tableNames(findDatabase(qualified, harness.database))).toEqual(['billing.payments']);
      });

      it.skipIf(!harness.restricted || Boolean(skips.restricted))(
        `warns about the unreadable ${shopFixture.restrictedSchema} schema instead of failing${note('restricted')}`,
        async () => {
          const restricted = await use(harness.restricted!.call(harness), (adapter) => adapter.introspect(scope()));
          const readable = tableNames(findDatabase(restricted, harness.database));
          expect(readable).toContain('shop.customers');
          const about = restricted.warnings.filter((w) =>
            `${w.scope ?? ''} ${w.message}`.toLowerCase().includes(shopFixture.restrictedSchema),
          );
          expect(about.length, JSON.stringify(restricted.warnings)).toBeGreaterThan(0);
          expectNoSecrets(JSON.stringify(restricted.warnings), harness.restricted!.call(harness));
        },
      );

      it('counts its statements; the same introspection costs the same round trips', async () => {
        const costs: number[] = [];
        const sent: number[] = [];
        for (let i = 0; i < 2; i++) {
          const before = harness.requestCount?.() ?? 0;
          const queries = await use(harness.credentials(), async (adapter) => {
            await adapter.introspect(scope());
            return adapter.queryCount;
          });
          sent.push(queries);
          costs.push((harness.requestCount?.() ?? 0) - before);
        }
        expect(sent[0]).toBeGreaterThan(0);
        expect(sent[1]).toBe(sent[0]);
        if (harness.requestCount) {
          expect(costs[0]).toBeGreaterThan(0);
          expect(costs[1]).toBe(costs[0]);
        }
      });
    });

    registerLifecycleChecks({ harness, open, use, scope: () => scope(), skips });
    registerKernelChecks({ harness, open, use, scope: () => scope() });
  });
}
