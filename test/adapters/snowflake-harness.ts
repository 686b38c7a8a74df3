/** Shared setup of the Snowflake tests: a fake server with a full user and a restricted one. */
import { createServer } from 'node:net';
import type { CredentialsInput } from '../../src/adapters/credentials.js';
import { type FakeSnowflake, type FakeSnowflakeOptions, startFakeSnowflake } from '../fakes/snowflake/index.js';

// The driver's connection-shape telemetry is switched off by this variable only; a test may set it, a library not.
process.env.SF_TELEMETRY_DISABLE_CONNECTION_SHAPE = '1';

export const sfPassword = 'sf-fake-Pa55word-datatasks-h4';
export const sfRestrictedPassword = 'sf-fake-restricted-Pa55-h4';

export async function startSnowflakeFake(options: FakeSnowflakeOptions = {}): Promise<FakeSnowflake> {
  return startFakeSnowflake({
    users: [
      { name: 'DT_H4_USER', password: sfPassword },
      { name: 'DT_H4_RESTRICTED', password: sfRestrictedPassword, restricted: true },
    ],
    ...options,
  });
}

export function snowflakeCredentials(fake: FakeSnowflake, overrides: Record<string, unknown> = {}): CredentialsInput {
  return {
    type: 'snowflake',
    account: fake.account,
    user: 'DT_H4_USER',
    password: sfPassword,
    database: 'SHOPDB',
    warehouse: 'COMPUTE_WH',
    accessUrl: fake.url,
    ...overrides,
  } as CredentialsInput;
}

/** A port nothing listens on (bound then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Round trips to Snowflake itself (telemetry excluded: fire-and-forget, not part of the work). */
export const snowflakeRoundTrips = (fake: FakeSnowflake) =>
  fake.requests.filter((r) => r.path !== '/telemetry/send').length;
