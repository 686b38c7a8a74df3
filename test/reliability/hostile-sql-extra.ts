/**
 * More SQL that must not run through the agent's SQL tool, aimed at the scratch databases of the hostile-SQL tests
 * (canary tables, a victim session, a sequence, files under /tmp). Added to test/fixtures/hostile-sql.ts's corpus.
 * Side effects are scoped to the scratch objects, so a statement that got through would harm only the test.
 */
import type { HostileCase } from '../fixtures/hostile-sql.js';

export interface HostileTargets {
  /** application_name (PostgreSQL) or connection id (MariaDB) of a session that must survive. */
  victim: string;
  /** A path prefix under /tmp that must not exist afterwards. */
  file: string;
}

const pg = (sql: string): HostileCase => ({ sql, dialect: 'postgresql', category: 'side-effect-function' });
const my = (sql: string): HostileCase => ({ sql, dialect: 'mysql', category: 'side-effect-function' });

/** Parse as a SELECT (or nearly) yet would change something if run; the parser or the database must stop them. */
export function extraPostgresCases({ victim, file }: HostileTargets): HostileCase[] {
  return [
    pg(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${victim}'`),
    pg(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = '${victim}'`),
    pg(`SELECT count(*) FROM pg_stat_activity WHERE pg_terminate_backend(pid) AND application_name = '${victim}'`),
    // CTE names used where the engine no longer sees the CTE: the real catalog table is read.
    pg('SELECT * FROM (WITH pg_authid AS (SELECT 1 AS a) SELECT a FROM pg_authid) s, pg_authid'),
    pg('WITH pg_authid AS (SELECT rolname, rolpassword FROM pg_authid) SELECT * FROM pg_authid'),
    pg("SELECT set_config('statement_timeout', '0', false)"),
    pg("SELECT set_config('default_transaction_read_only', 'off', false)"),
    pg("SELECT set_config('search_path', 'evil, public', false)"),
    pg("SELECT current_setting('search_path'), set_config('role', 'postgres', false)"),
    pg('SELECT pg_sleep(5)'),
    pg("SELECT pg_sleep_for('5 seconds')"),
    pg("SELECT pg_sleep_until(now() + interval '5 seconds')"),
    pg(`SELECT lo_export(lo_from_bytea(0, 'pwned'), '${file}-lo')`),
    pg('SELECT lo_create(0)'),
    pg("SELECT lo_import('/etc/hostname')"),
    pg("SELECT dblink_connect('h10', 'dbname=postgres')"),
    pg("SELECT * FROM dblink('dbname=postgres', 'DELETE FROM shop.canary') AS t(a int)"),
    pg('SELECT pg_advisory_lock(4242)'),
    pg('SELECT pg_try_advisory_lock(4242)'),
    pg("SELECT nextval('shop.canary_id_seq')"),
    pg("SELECT setval('shop.canary_id_seq', 999)"),
    pg("SELECT pg_notify('h10', 'x')"),
    pg('SELECT pg_reload_conf()'),
    pg('SELECT pg_stat_reset()'),
    pg("SELECT query_to_xml('DELETE FROM shop.canary RETURNING 1', true, true, '')"),
    pg("SELECT pg_read_file('/etc/hostname')"),
    pg('SELECT txid_current()'),
    pg('SELECT pg_current_xact_id()'),
    // A user function that writes: the parser cannot know it, the read-only transaction must refuse it.
    pg('SELECT shop.h10_write_canary()'),
    pg('SELECT id, shop.h10_write_canary() FROM shop.canary'),
    // Runs past the statement timeout: the server must stop it.
    pg('SELECT count(*) FROM generate_series(1, 10000000000)'),
    pg('WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r'),
    pg('SELECT * FROM shop.canary FOR UPDATE'),
    pg('DELETE FROM shop.canary'),
    pg("UPDATE shop.canary SET note = 'pwned'"),
    pg("INSERT INTO shop.canary (note) VALUES ('pwned')"),
    pg('TRUNCATE shop.canary'),
    pg('DROP TABLE shop.canary'),
    pg('SELECT * INTO shop.stolen FROM shop.canary'),
    pg('CREATE TEMP TABLE h10_tmp AS SELECT 1'),
    pg('WITH d AS (DELETE FROM shop.canary RETURNING *) SELECT * FROM d'),
    pg("EXPLAIN ANALYZE INSERT INTO shop.canary (note) VALUES ('pwned')"),
    pg("ALTER SYSTEM SET work_mem = '1MB'"),
    pg('CREATE ROLE h10_evil SUPERUSER LOGIN'),
    pg("ALTER ROLE postgres PASSWORD 'pwned'"),
    pg(`COPY shop.canary TO '${file}-copy'`),
    pg(`COPY (SELECT 1) TO PROGRAM 'touch ${file}-program'`),
    pg('SET SESSION AUTHORIZATION DEFAULT'),
    pg('SELECT 1 /* ; */ ; DELETE FROM shop.canary'),
    pg('VALUES (1); DELETE FROM shop.canary'),
  ];
}

export function extraMysqlCases({ victim, file }: HostileTargets): HostileCase[] {
  return [
    my('SELECT SLEEP(5)'),
    my("SELECT BENCHMARK(1000000000, MD5('x'))"),
    my("SELECT GET_LOCK('h10lock', 0)"),
    my('SELECT RELEASE_ALL_LOCKS()'),
    my("SELECT LOAD_FILE('/etc/hostname')"),
    my(`SELECT * FROM canary INTO OUTFILE '${file}-outfile'`),
    my(`SELECT note FROM canary LIMIT 1 INTO DUMPFILE '${file}-dumpfile'`),
    my('SELECT h10_write_canary()'),
    my('SELECT id, h10_write_canary() FROM canary'),
    my('SELECT NEXTVAL(h10_seq)'),
    my('SELECT NEXT VALUE FOR h10_seq'),
    my('SELECT SETVAL(h10_seq, 999)'),
    my('SELECT LAST_INSERT_ID(42)'),
    my('SELECT COUNT(*) FROM information_schema.COLUMNS a, information_schema.COLUMNS b, information_schema.COLUMNS c'),
    my('SELECT * FROM canary WHERE id = 1 AND SLEEP(5)'),
    my('DELETE FROM canary'),
    my("UPDATE canary SET note = 'pwned'"),
    my("INSERT INTO canary (note) VALUES ('pwned')"),
    my("REPLACE INTO canary (id, note) VALUES (1, 'pwned')"),
    my('TRUNCATE canary'),
    my('DROP TABLE canary'),
    my('CREATE TABLE h10_evil (a INT)'),
    my('ALTER TABLE canary ADD COLUMN pwned INT'),
    my('RENAME TABLE canary TO canary_gone'),
    my('SET SESSION transaction_read_only = 0'),
    my("SET SESSION sql_mode = ''"),
    my('SET GLOBAL read_only = 0'),
    my('SELECT * FROM canary FOR UPDATE'),
    my('LOCK TABLES canary WRITE'),
    my('HANDLER canary OPEN'),
    my('SELECT 1; DELETE FROM canary'),
    my('SELECT 1 /*!; DELETE FROM canary */'),
    my('DO SLEEP(5)'),
    my('CALL h10_write_proc()'),
    my("PREPARE s FROM 'DELETE FROM canary'"),
    my('EXECUTE s'),
    my('GRANT ALL ON *.* TO CURRENT_USER'),
    my("CREATE USER h10evil IDENTIFIED BY 'x'"),
    my(`KILL CONNECTION ${victim}`),
    my(`KILL QUERY ${victim}`),
    my('SELECT * FROM canary WHERE id IN (SELECT h10_write_canary())'),
    my('WITH d AS (SELECT h10_write_canary() AS x) SELECT * FROM d'),
  ];
}
