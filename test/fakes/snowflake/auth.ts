/** Login checks of the fake: password, or a key-pair JWT verified against the user's registered public key. */
import { createHash, createPublicKey, verify } from 'node:crypto';

export interface FakeUser {
  name: string;
  password?: string;
  /** PEM public key registered for key-pair (SNOWFLAKE_JWT) login. */
  publicKey?: string;
  /** A role that cannot see the fixture's restricted schema. */
  restricted?: boolean;
}

export type LoginOutcome = { ok: true; user: FakeUser } | { ok: false; code: string; message: string };

const badLogin: LoginOutcome = { ok: false, code: '390100', message: 'Incorrect username or password was specified.' };
const badJwt: LoginOutcome = { ok: false, code: '390144', message: 'JWT token is invalid.' };

function fingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ format: 'der', type: 'spki' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/** Verifies an RS256 JWT the way Snowflake does: signature, subject/issuer naming account and user, expiry. */
function verifyJwt(token: string, account: string, user: FakeUser): boolean {
  if (!user.publicKey) return false;
  const parts = token.split('.');
  if (parts.length !== 3) return false;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
    if (head.alg !== 'RS256') return false;
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${header}.${payload}`),
      user.publicKey,
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) return false;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const subject = `${account.toUpperCase()}.${user.name.toUpperCase()}`;
    // snowflake-sdk writes iat/exp in milliseconds; accept seconds too.
    const exp = Number(claims.exp);
    const expiresMs = exp > 1e12 ? exp : exp * 1000;
    return (
      claims.sub === subject && claims.iss === `${subject}.${fingerprint(user.publicKey)}` && expiresMs > Date.now()
    );
  } catch {
    return false;
  }
}

/** Checks the `data` of a login-request body against the known users. */
export function checkLogin(data: Record<string, unknown>, account: string, users: FakeUser[]): LoginOutcome {
  const loginName = String(data.LOGIN_NAME ?? '');
  const user = users.find((u) => u.name.toUpperCase() === loginName.toUpperCase());
  if (String(data.ACCOUNT_NAME ?? '').toUpperCase() !== account.toUpperCase() || !user) return badLogin;
  const authenticator = String(data.AUTHENTICATOR ?? 'SNOWFLAKE').toUpperCase();
  if (authenticator === 'SNOWFLAKE_JWT') {
    return verifyJwt(String(data.TOKEN ?? ''), account, user) ? { ok: true, user } : badJwt;
  }
  if (user.password === undefined || data.PASSWORD !== user.password) return badLogin;
  return { ok: true, user };
}
