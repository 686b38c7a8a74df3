import type { PrivilegeReport } from '../adapter.js';
import type { DuckDbCredentials } from './connection.js';

/** Embedded: the process has whatever the file system gives it; sandboxed queries lock external access. */
export function duckDbPrivileges(credentials: DuckDbCredentials): PrivilegeReport {
  const findings =
    credentials.readOnly || credentials.path === ':memory:'
      ? []
      : [
          {
            code: 'WRITE',
            message: `the database file is opened read-write (set readOnly: true to open it read-only)`,
          },
        ];
  return { readOnly: findings.length === 0, findings };
}
