/** Small assertion helpers shared by the adapter contract suite. */
import { expect, vi } from 'vitest';
import type { Adapter, AdapterFactoryOptions } from '../../src/adapters/adapter.js';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { type CredentialsInput, credentialSecrets } from '../../src/adapters/credentials.js';
import type { Catalog, Database, Table } from '../../src/catalog/model.js';
import { DatataskError, type ErrorCode } from '../../src/core/errors.js';

export const sameName = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Runs `body` with a fresh adapter and closes it whatever happens. */
export async function withAdapter<T>(
  credentials: CredentialsInput,
  options: AdapterFactoryOptions | undefined,
  body: (adapter: Adapter) => Promise<T>,
): Promise<T> {
  const adapter = await createAdapter(credentials, options ?? {});
  try {
    return await body(adapter);
  } finally {
    await adapter.close();
  }
}

/** Awaits a promise that must reject with a DatataskError whose code is one of `codes`; returns the error. */
export async function expectCode(promise: Promise<unknown>, codes: ErrorCode[]): Promise<DatataskError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a rejection with ${codes.join(' or ')}`).toBeInstanceOf(DatataskError);
  const error = caught as DatataskError;
  expect(codes, `got ${error.code}: ${error.message}`).toContain(error.code);
  return error;
}

/** Messages of an error and of its whole `cause` chain, plus its JSON form. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (current instanceof Error) {
      texts.push(current.message, String(current.stack ?? ''));
      if (current instanceof DatataskError) texts.push(JSON.stringify(current.toJSON()));
      current = (current as { cause?: unknown }).cause;
    } else {
      texts.push(String(current));
      break;
    }
  }
  return texts;
}

/** Fails when any secret of the given credentials appears in the error, its JSON or the messages of its causes. */
export function expectNoSecrets(error: unknown, ...credentials: CredentialsInput[]): void {
  const secrets = credentials.flatMap((c) => credentialSecrets(c)).filter((s) => s.length >= 4);
  for (const text of errorTexts(error)) {
    for (const secret of secrets) expect(text.includes(secret), `a secret leaked into: ${text}`).toBe(false);
  }
}

/** Waits (bounded, polling) until the server reports `expected` open connections of the adapter's application. */
export async function expectConnectionsBackTo(count: () => Promise<number>, expected: number): Promise<void> {
  await vi.waitFor(
    async () => {
      expect(await count()).toBeLessThanOrEqual(expected);
    },
    { timeout: 10_000, interval: 100 },
  );
}

/** Compares a value returned by a driver with the expected one across engines (numbers as strings, dates, case). */
export function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (typeof expected === 'number' || typeof expected === 'bigint') {
    if (typeof actual === 'number' || typeof actual === 'bigint' || typeof actual === 'string') {
      return Number(actual) === Number(expected);
    }
    return false;
  }
  if (expected instanceof Date) {
    const time = actual instanceof Date ? actual.getTime() : new Date(String(actual)).getTime();
    return time === expected.getTime();
  }
  if (typeof expected === 'boolean') return actual === expected || String(actual).toLowerCase() === String(expected);
  if (typeof expected === 'object') return JSON.stringify(actual) === JSON.stringify(expected);
  return String(actual) === String(expected);
}

/** Row with lower-cased keys, so that Snowflake's upper-case column names compare with the fixture's. */
export function lowerKeys(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value]));
}

export function findDatabase(catalog: Catalog, name: string): Database {
  const database = catalog.databases.find((d) => sameName(d.name, name)) ?? catalog.databases[0];
  expect(database, `database ${name} in the catalog`).toBeDefined();
  return database as Database;
}

export function findTable(database: Database, schema: string, name: string): Table | undefined {
  return database.schemas.find((s) => sameName(s.name, schema))?.tables.find((t) => sameName(t.name, name));
}

export function tableNames(database: Database): string[] {
  return database.schemas.flatMap((s) => s.tables.map((t) => `${s.name}.${t.name}`.toLowerCase()));
}
