/** Key-pair (SNOWFLAKE_JWT) login against the fake, which verifies the JWT with the registered public key. */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/adapters/create-adapter.js';
import { expectCode, expectNoSecrets } from '../contract/contract-helpers.js';
import type { FakeSnowflake } from '../fakes/snowflake/index.js';
import { snowflakeCredentials, startSnowflakeFake } from './snowflake-harness.js';

const passphrase = 'sf-key-passphrase-h4-datatasks';
function keyPair() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
  });
}
const registered = keyPair();
const stranger = keyPair();

let fake: FakeSnowflake;
beforeAll(async () => {
  fake = await startSnowflakeFake({ users: [{ name: 'DT_H4_KEYPAIR', publicKey: registered.publicKey }] });
});
afterAll(async () => {
  await fake.close();
});

const jwtCredentials = (privateKey: string) =>
  snowflakeCredentials(fake, {
    user: 'dt_h4_keypair',
    password: undefined,
    authenticator: 'snowflake_jwt',
    privateKey,
    privateKeyPassphrase: passphrase,
  });

describe('snowflake key-pair authentication', () => {
  it('logs in with an encrypted private key and its passphrase', async () => {
    const adapter = await createAdapter(jwtCredentials(registered.privateKey));
    try {
      const result = await adapter.testConnection();
      expect(result.serverVersion).toBe('9.40.1');
    } finally {
      await adapter.close();
    }
    const login = fake.requests.find((r) => r.path === '/session/v1/login-request')!;
    expect(login.body?.data).toMatchObject({ AUTHENTICATOR: 'SNOWFLAKE_JWT' });
    expect(fake.openSessions()).toBe(0);
  });

  it('fails with AUTH_FAILED for a key the user did not register, leaking neither key nor passphrase', async () => {
    const credentials = jwtCredentials(stranger.privateKey);
    const adapter = await createAdapter(credentials);
    const error = await expectCode(
      adapter.testConnection().finally(() => adapter.close()),
      ['AUTH_FAILED'],
    );
    expect(error.details).toMatchObject({ snowflakeCode: '390144' });
    expectNoSecrets(error, credentials);
  });
});
