/** fast-check generators of hostile credentials, each carrying one recognizable planted secret. */
import fc from 'fast-check';

const secretMarker = 'SEKRET_';

/** A recognizable secret, sometimes with characters that need escaping in URLs, JSON or shells. */
export const plantedSecret: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 12, maxLength: 16 }),
    fc.constantFrom('', '@:/', '%zz', `"'\\`, ' \n', 'é€😀', '#?&='),
  )
  .map(([hex, tail]) => `${secretMarker}${hex}${tail}`);

/** The planted secret inside an input (found wherever it was put), or a marker that can never match. */
export function secretOf(input: unknown): string {
  const found: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 8) return;
    if (typeof value === 'string') {
      const at = value.indexOf(secretMarker);
      if (at !== -1) found.push(value.startsWith('{') ? JSON.parse(value).private_key : value.slice(at));
    } else if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner, depth + 1);
    }
  };
  walk(input, 0);
  return found[0] ?? `${secretMarker}none-planted`;
}

/** Adds the planted secret under `field`. */
export function withSecret<T extends object>(base: fc.Arbitrary<T>, field: string): fc.Arbitrary<T> {
  return fc.tuple(base, plantedSecret).map(([value, secret]) => ({ ...value, [field]: secret }));
}

/** A field that is usually plausible and sometimes anything at all. */
const sometimesJunk = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, fc.anything());

const serverCredentials = fc.record(
  {
    type: fc.constantFrom('postgres', 'mysql', 'redshift', 'sqlserver'),
    host: sometimesJunk(fc.oneof(fc.domain(), fc.constant(''))),
    port: sometimesJunk(fc.oneof(fc.integer({ min: -1, max: 70_000 }), fc.string({ maxLength: 6 }))),
    database: sometimesJunk(fc.webSegment()),
    user: sometimesJunk(fc.webSegment()),
    url: sometimesJunk(fc.oneof(fc.webUrl(), fc.string({ maxLength: 20 }))),
    ssl: sometimesJunk(fc.record({ mode: fc.constantFrom('disable', 'require', 'verify-full', 'bogus') })),
    connectTimeoutMs: sometimesJunk(fc.integer()),
  },
  { requiredKeys: ['type'] },
);

const snowflakeCredentials = fc.record(
  {
    type: fc.constant('snowflake'),
    account: sometimesJunk(fc.webSegment()),
    user: sometimesJunk(fc.webSegment()),
    authenticator: sometimesJunk(fc.constantFrom('snowflake', 'snowflake_jwt', 'oauth')),
    accessUrl: sometimesJunk(fc.webUrl()),
  },
  { requiredKeys: ['type'] },
);

const bigQueryCredentials = fc.record(
  {
    type: fc.constant('bigquery'),
    projectId: sometimesJunk(fc.webSegment()),
    location: sometimesJunk(fc.constantFrom('US', 'EU', '')),
    datasets: sometimesJunk(fc.array(fc.webSegment(), { maxLength: 3 })),
  },
  { requiredKeys: ['type'] },
);

const databricksCredentials = fc.record(
  {
    type: fc.constant('databricks'),
    host: sometimesJunk(fc.domain()),
    httpPath: sometimesJunk(fc.constant('/sql/1.0/warehouses/abc')),
    port: sometimesJunk(fc.integer()),
  },
  { requiredKeys: ['type'] },
);

/** Credentials of every engine, valid or not, each with one planted secret in a field that holds secrets. */
export const anyCredentials: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  withSecret(serverCredentials, 'password'),
  fc
    .tuple(serverCredentials, plantedSecret)
    .map(([value, secret]) => ({ ...value, ssl: { mode: 'verify-full', key: `-----BEGIN KEY-----\n${secret}` } })),
  withSecret(snowflakeCredentials, 'password'),
  withSecret(snowflakeCredentials, 'privateKey'),
  withSecret(snowflakeCredentials, 'privateKeyPassphrase'),
  withSecret(bigQueryCredentials, 'accessToken'),
  fc.tuple(bigQueryCredentials, plantedSecret, fc.boolean()).map(([value, secret, asText]) => {
    const key = { client_email: 'svc@p.iam.gserviceaccount.com', private_key: secret };
    return { ...value, serviceAccountKey: asText ? JSON.stringify(key) : key };
  }),
  withSecret(databricksCredentials, 'token'),
);
