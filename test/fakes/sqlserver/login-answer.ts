/** The server's answer to LOGIN7: tokens of a successful login, or the errors SQL Server sends on failure. */
import { fakeServerVersion, type Login7 } from './login.js';
import { collationChange, DONE_STATUS, done, envChange, errorToken, loginAck } from './tokens.js';

export interface LoginOutcome {
  ok: boolean;
  database: string;
  restricted: boolean;
  tokens: Buffer;
}

export function answerLogin(
  login: Login7,
  users: Record<string, { password: string; restricted?: boolean }>,
  databases: string[],
  serverName: string,
): LoginOutcome {
  const database = login.database || databases[0] || 'master';
  const user = users[login.userName];
  const failed = (tokens: Buffer[]) => ({ ok: false, database, restricted: false, tokens: Buffer.concat(tokens) });
  const loginFailed = { number: 18456, severity: 14, message: `Login failed for user '${login.userName}'.` };
  if (!user || user.password !== login.password) {
    return failed([errorToken(loginFailed, serverName), done(DONE_STATUS.ERROR)]);
  }
  if (!databases.includes(database)) {
    // As SQL Server: 4060 first, then the generic 18456 (the driver keeps only the last message).
    const message = `Cannot open database "${database}" requested by the login. The login failed.`;
    return failed([
      errorToken({ number: 4060, severity: 11, message }, serverName),
      errorToken(loginFailed, serverName),
      done(DONE_STATUS.ERROR),
    ]);
  }
  const tokens = Buffer.concat([
    envChange('database', database, 'master'),
    collationChange(),
    envChange('language', 'us_english'),
    envChange('packetSize', String(login.packetSize), '4096'),
    loginAck('Microsoft SQL Server', fakeServerVersion),
    done(DONE_STATUS.FINAL),
  ]);
  return { ok: true, database, restricted: user.restricted ?? false, tokens };
}
