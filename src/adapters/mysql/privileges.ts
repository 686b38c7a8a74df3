import type { PrivilegeFinding, PrivilegeReport } from '../adapter.js';

/** Privileges that only read (or only show): anything else in a grant is reported. */
const readPrivileges = new Set(['SELECT', 'SHOW VIEW', 'USAGE', 'SHOW DATABASES', 'SLAVE MONITOR', 'BINLOG MONITOR']);
const writePrivileges = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'INDEX',
  'TRIGGER',
  'CREATE VIEW',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'EXECUTE',
  'EVENT',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
  'REFERENCES',
  'DELETE HISTORY',
]);
const serverPrivileges: Record<string, string> = {
  FILE: 'FILE_ACCESS',
  SUPER: 'SUPERUSER',
  'ALL PRIVILEGES': 'SUPERUSER',
  ALL: 'SUPERUSER',
  PROCESS: 'PROCESS_LIST',
  SHUTDOWN: 'SERVER_CONTROL',
  'CREATE USER': 'CREATE_ROLE',
  'GRANT OPTION': 'GRANT_OPTION',
  RELOAD: 'SERVER_CONTROL',
};

/**
 * Reads `SHOW GRANTS` lines (`GRANT SELECT, INSERT ON shop.* TO ...`) into findings: server-wide powers (FILE,
 * SUPER, ALL, PROCESS ...) and write privileges anywhere. Roles granted to the user are named too.
 */
export function mysqlPrivileges(grants: readonly string[]): PrivilegeReport {
  const found = new Map<string, PrivilegeFinding>();
  const add = (code: string, message: string) => {
    if (!found.has(code)) found.set(code, { code, message });
  };
  for (const grant of grants) {
    const match = /^GRANT\s+(.+?)\s+ON\s+(\S+)\s+TO\s/i.exec(grant);
    if (!match) continue;
    const target = match[2] as string;
    const privileges = (match[1] as string)
      .replace(/\([^)]*\)/g, '')
      .split(',')
      .map((p) => p.trim().toUpperCase());
    if (/WITH GRANT OPTION/i.test(grant)) add('GRANT_OPTION', `the user may grant privileges on ${target}`);
    for (const privilege of privileges) {
      const everything = privilege === 'ALL' || privilege === 'ALL PRIVILEGES';
      const server = everything && target !== '*.*' ? undefined : serverPrivileges[privilege];
      if (server) add(server, `the user has ${privilege} on ${target}`);
      else if (everything) add('WRITE', `the user has ALL PRIVILEGES on ${target}`);
      else if (writePrivileges.has(privilege)) add('WRITE', `the user can write (${privilege}) on ${target}`);
      else if (!readPrivileges.has(privilege))
        add(`PRIVILEGE_${privilege.replace(/\W+/g, '_')}`, `the user has ${privilege} on ${target}`);
    }
  }
  const findings = [...found.values()];
  return { readOnly: findings.length === 0, findings };
}
