import type { CallOptions, PrivilegeFinding, PrivilegeReport } from '../adapter.js';
import type { PgConnectionPool } from './connection.js';

/** Extensions that reach outside the database (other servers, files, untrusted code). */
const riskyExtensions = ['dblink', 'postgres_fdw', 'file_fdw', 'adminpack', 'lo', 'plpython3u', 'plperlu', 'pltclu'];

/** One statement: role attributes, server-file roles, writable relations and schemas, risky extensions. */
const privilegesSql = `
SELECT r.rolsuper AS superuser, r.rolcreaterole AS create_role, r.rolcreatedb AS create_db,
  r.rolbypassrls AS bypass_rls, r.rolreplication AS replication,
  EXISTS (SELECT 1 FROM pg_roles m WHERE m.rolname IN ('pg_read_server_files', 'pg_write_server_files',
    'pg_execute_server_program') AND pg_has_role(current_user, m.oid, 'MEMBER')) AS server_files,
  (SELECT count(*) FROM (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
      AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') LIMIT 1001) w)::int AS writable_tables,
  (SELECT count(*) FROM pg_namespace n WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
    AND has_schema_privilege(n.oid, 'CREATE'))::int AS creatable_schemas,
  (SELECT coalesce(array_agg(extname ORDER BY extname), '{}') FROM pg_extension WHERE extname = ANY($1)) AS extensions
FROM pg_roles r WHERE r.rolname = current_user`;

type Row = Record<string, unknown>;

function findings(row: Row): PrivilegeFinding[] {
  const found: PrivilegeFinding[] = [];
  const add = (when: unknown, code: string, message: string) => when && found.push({ code, message });
  add(row.superuser, 'SUPERUSER', 'the role is a superuser: it can read files, run programs and bypass every check');
  add(row.create_role, 'CREATE_ROLE', 'the role can create roles');
  add(row.create_db, 'CREATE_DATABASE', 'the role can create databases');
  add(row.bypass_rls, 'BYPASS_RLS', 'the role bypasses row-level security');
  add(row.replication, 'REPLICATION', 'the role has the REPLICATION attribute');
  add(row.server_files, 'FILE_ACCESS', 'the role may read or write server files or run server programs');
  const writable = Number(row.writable_tables ?? 0);
  add(writable > 0, 'WRITE', `the role can write to ${writable > 1000 ? 'over 1,000' : writable} table(s)`);
  const creatable = Number(row.creatable_schemas ?? 0);
  add(creatable > 0, 'CREATE', `the role can create objects in ${creatable} schema(s)`);
  const extensions = Array.isArray(row.extensions) ? (row.extensions as string[]) : [];
  add(
    extensions.length > 0,
    'RISKY_EXTENSIONS',
    `extensions that reach outside the database are installed: ${extensions.join(', ')}`,
  );
  return found;
}

/** Least-privilege check of a PostgreSQL or Redshift-compatible connection, in one statement. */
export async function checkPgPrivileges(pool: PgConnectionPool, options: CallOptions = {}): Promise<PrivilegeReport> {
  const rows = await pool.withSession('privileges', options.signal, async (session) => {
    const result = await session.run(privilegesSql, [riskyExtensions], { signal: options.signal });
    return result.rows;
  });
  const found = rows[0] ? findings(rows[0]) : [{ code: 'UNKNOWN_ROLE', message: 'the current role was not found' }];
  return { readOnly: found.length === 0, findings: found };
}
