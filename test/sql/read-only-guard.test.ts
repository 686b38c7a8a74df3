import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatataskError } from '../../src/core/errors.js';
import {
  assertReadOnlySql,
  checkReadOnlySql as checkSql,
  engineSqlDialect,
  isAllowedFunction,
  loadSqlParser,
  type ReadOnlyCheckOptions,
} from '../../src/sql/index.js';
import { hostileSql } from '../fixtures/hostile-sql.js';
import { hostileClasses } from '../fixtures/hostile-sql-classes.js';
import { legitSql } from '../fixtures/legit-sql.js';
import { shopScope } from '../fixtures/shop-scope.js';

/** The guard with the shop fixture's tables in scope (public.t too, for the short cases below). */
function checkReadOnlySql(sql: string, dialect: string, options: ReadOnlyCheckOptions = {}) {
  const scope = shopScope(dialect);
  const first = scope.databases[0]!;
  const withT = { ...scope, databases: [{ ...first, schemas: [...first.schemas, { name: 'public', tables: ['t'] }] }] };
  return checkSql(sql, dialect, { scope: withT, ...options });
}

/** Statements the guard lets through on purpose: the server's statement timeout and row/byte caps stop them. */
const stoppedByLimits = (sql: string) => /generate_series\(1, 1\d{9}\)|WITH RECURSIVE r\(n\)/.test(sql);

beforeAll(async () => {
  await loadSqlParser();
});

describe('hostile corpus', () => {
  it('is large and covers every category across dialects', () => {
    expect(hostileSql.length).toBeGreaterThanOrEqual(120);
    expect(new Set(hostileSql.map((c) => c.category)).size).toBeGreaterThanOrEqual(18);
    expect(new Set(hostileSql.map((c) => c.dialect)).size).toBe(8);
  });

  it.each(
    hostileSql
      .filter((c) => !stoppedByLimits(c.sql))
      .map((c) => [`${c.dialect} ${c.category}: ${JSON.stringify(c.sql)}`, c] as const),
  )('refuses %s', (_name, c) => {
    const check = checkReadOnlySql(c.sql, c.dialect);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(['READ_ONLY_VIOLATION', 'PARSE_ERROR']).toContain(check.code);
    if (c.mentions) expect(check.reason.toLowerCase()).toContain(c.mentions.toLowerCase());
    expect(() => assertReadOnlySql(c.sql, c.dialect, { scope: shopScope(c.dialect) })).toThrow(DatataskError);
  });

  it('names a violation (not a parse error) for statements that parse', () => {
    const parsedButRefused = hostileSql.filter((c) => ['dml', 'ddl', 'data-modifying-cte'].includes(c.category));
    for (const c of parsedButRefused) {
      const check = checkReadOnlySql(c.sql, c.dialect);
      expect(check.ok ? 'ok' : check.code, c.sql).toBe('READ_ONLY_VIOLATION');
    }
  });
});

describe('hostile corpus by class', () => {
  // Exhaustion is the statement timeout's and the byte caps' to stop (tested against the real servers).
  const refusable = hostileClasses.filter((c) => c.cls !== 'resource-exhaustion');

  it('covers every class on every dialect where it applies', () => {
    expect(hostileClasses.length).toBeGreaterThanOrEqual(250);
    expect(new Set(hostileClasses.map((c) => c.dialect)).size).toBe(8);
  });

  it.each(refusable.map((c, i) => [`${c.dialect} ${c.cls} #${i}: ${JSON.stringify(c.sql).slice(0, 90)}`, c] as const))(
    'refuses %s',
    (_name, c) => {
      const check = checkSql(c.sql, c.dialect, { scope: shopScope(c.dialect) });
      expect(check.ok, `${c.sql} (${c.harm})`).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(/not allowed|not in the catalog|qualified|does not parse|not name/);
    },
  );
});

describe('legitimate analyst queries', () => {
  it('has at least 150 cases across all dialects', () => {
    expect(legitSql.length).toBeGreaterThanOrEqual(150);
    expect(new Set(legitSql.map((c) => c.dialect)).size).toBe(8);
  });

  it.each(legitSql.map((c, i) => [`${c.dialect} #${i} ${c.note ?? c.sql.slice(0, 60)}`, c] as const))(
    'allows %s',
    (_name, c) => {
      const check = checkReadOnlySql(c.sql, c.dialect);
      if (!check.ok) expect.fail(`${c.sql} was refused: ${check.reason}`);
      // What the guard hands back must itself pass the guard, and the canonical form must parse too.
      expect(checkReadOnlySql(check.statement, c.dialect).ok).toBe(true);
      expect(checkReadOnlySql(check.normalized, c.dialect).ok).toBe(true);
    },
  );
});

describe('checkReadOnlySql', () => {
  it('returns the statement without trailing semicolons and comments, so it can be wrapped', () => {
    const check = checkReadOnlySql('  SELECT id FROM public.t -- last line comment\n ;; /* tail */ \n', 'postgres');
    expect(check).toMatchObject({
      ok: true,
      statement: 'SELECT id FROM public.t',
      normalized: 'SELECT id FROM public.t',
    });
    const kept = checkReadOnlySql("SELECT '--not a comment;' AS a", 'postgres');
    expect(kept).toMatchObject({ ok: true, statement: "SELECT '--not a comment;' AS a" });
  });

  it('passes the parser message through on a syntax error so the model can fix it', () => {
    const check = checkReadOnlySql('SELEC id FORM orders', 'postgresql');
    expect(check).toMatchObject({ ok: false, code: 'PARSE_ERROR' });
    if (!check.ok) expect(check.reason).toMatch(/does not parse as postgresql: Expected: .*Line: 1/);
  });

  it('refuses empty input and comment-only input', () => {
    expect(checkReadOnlySql('', 'postgres')).toMatchObject({ ok: false, code: 'PARSE_ERROR' });
    expect(checkReadOnlySql('  -- nothing here\n', 'postgres')).toMatchObject({ ok: false, code: 'PARSE_ERROR' });
  });

  it('refuses very long input before parsing', () => {
    const sql = `SELECT ${'1 + '.repeat(40_000)}1`;
    expect(checkReadOnlySql(sql, 'postgres')).toMatchObject({ ok: false, code: 'PARSE_ERROR' });
    expect(checkReadOnlySql('SELECT 1', 'postgres', { maxLength: 3 })).toMatchObject({ ok: false });
  });

  it('survives pathological nesting and keeps working afterwards', () => {
    const deep = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(checkReadOnlySql(deep, 'postgres').ok).toBe(false);
    expect(checkReadOnlySql('SELECT 1', 'postgres').ok).toBe(true);
  });

  it('accepts engine names and parser dialect names, and rejects unknown dialects', () => {
    expect(engineSqlDialect('sqlserver')).toBe('mssql');
    expect(engineSqlDialect('postgres')).toBe('postgresql');
    expect(checkReadOnlySql('SELECT TOP 1 * FROM public.t', 'sqlserver').ok).toBe(true);
    expect(checkReadOnlySql('SELECT TOP 1 * FROM public.t', 'mssql').ok).toBe(true);
    expect(() => checkReadOnlySql('SELECT 1', 'oracle-ish')).toThrow(/Unknown SQL dialect/);
  });

  it('allows only listed built-ins, per engine', () => {
    expect(isAllowedFunction('lower', 'postgresql')).toBe(true);
    expect(isAllowedFunction('pg_sleep', 'postgresql')).toBe(false);
    expect(isAllowedFunction('sleep', 'mysql')).toBe(false);
    expect(isAllowedFunction('group_concat', 'mysql')).toBe(true);
    expect(isAllowedFunction('group_concat', 'postgresql')).toBe(false);
    expect(isAllowedFunction('read_csv', 'duckdb')).toBe(false);
    expect(isAllowedFunction('xp_cmdshell', 'generic')).toBe(false);
  });
});

describe('assertReadOnlySql', () => {
  it('throws a non-retriable READ_ONLY_VIOLATION naming what was found', () => {
    let thrown: unknown;
    try {
      assertReadOnlySql('DELETE FROM shop.orders', 'postgres', { scope: shopScope() });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatataskError);
    const error = thrown as DatataskError;
    expect(error.code).toBe('READ_ONLY_VIOLATION');
    expect(error.retriable).toBe(false);
    expect(error.message).toBe(
      'DELETE is not allowed: only one read-only query (SELECT/WITH) over the catalog tables may run',
    );
  });

  it('returns the statement to run when the SQL is read-only', () => {
    expect(assertReadOnlySql('SELECT 1;', 'duckdb')).toEqual({ statement: 'SELECT 1', normalized: 'SELECT 1' });
    expect(() => assertReadOnlySql('SELECT * FROM shop.orders', 'duckdb')).toThrow(/no catalog scope was given/);
  });
});

describe('properties', () => {
  const writes = hostileSql.filter((c) => c.category === 'dml' || c.category === 'ddl');
  const anyLegit = fc.constantFrom(...legitSql.filter((c) => c.dialect === 'postgresql'));
  const scope = shopScope();
  const anyWrite = fc.constantFrom(...writes.filter((c) => c.dialect === 'postgresql'));
  const separator = fc.constantFrom(';', ';\n', '; -- c\n', ';/* c */', '\n;\n');

  it('a write chained after any legitimate query is refused', () => {
    fc.assert(
      fc.property(anyLegit, separator, anyWrite, (legit, sep, write) => {
        const check = checkSql(`${legit.sql.replace(/;\s*(--.*)?$/, '')}${sep}${write.sql}`, 'postgresql', { scope });
        expect(check.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a write stays refused whatever the letter case and surrounding whitespace', () => {
    fc.assert(
      fc.property(
        anyWrite,
        fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        fc.nat(3),
        (write, flips, pad) => {
          const recased = [...write.sql]
            .map((ch, i) => (flips[i % flips.length] ? ch.toLowerCase() : ch.toUpperCase()))
            .join('');
          const padded = `${' \n\t'.repeat(pad)}${recased}${'\n '.repeat(pad)}`;
          expect(checkReadOnlySql(padded, 'postgresql').ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('catalog scope', () => {
  const twoDatabases = {
    databases: [
      { name: 'SALES', schemas: [{ name: 'PUBLIC', tables: ['ORDERS'] }] },
      { name: 'HR', schemas: [{ name: 'PUBLIC', tables: ['SALARIES'] }] },
    ],
  };

  it('resolves names the way the engine folds them', () => {
    const scope = shopScope('snowflake');
    expect(checkSql('SELECT o.id FROM shop.orders o', 'snowflake', { scope }).ok).toBe(true);
    expect(checkSql('SELECT o.id FROM "shop"."orders" o', 'snowflake', { scope }).ok).toBe(false);
    expect(checkSql('SELECT o.id FROM "SHOP"."ORDERS" o', 'snowflake', { scope }).ok).toBe(true);
    const pg = shopScope('postgresql');
    expect(checkSql('SELECT o.id FROM SHOP.ORDERS o', 'postgresql', { scope: pg }).ok).toBe(true);
    expect(checkSql('SELECT o.id FROM "SHOP"."ORDERS" o', 'postgresql', { scope: pg }).ok).toBe(false);
    expect(checkSql('SELECT o.id FROM `Shop`.`Orders` o', 'mysql', { scope: shopScope('mysql') }).ok).toBe(true);
  });

  it('needs three parts when the source has several databases', () => {
    const check = checkSql('SELECT * FROM public.orders', 'snowflake', { scope: twoDatabases });
    expect(check).toMatchObject({ ok: false, reason: expect.stringMatching(/database\.schema\.table/) });
    expect(checkSql('SELECT * FROM sales.public.orders', 'snowflake', { scope: twoDatabases }).ok).toBe(true);
    expect(checkSql('SELECT * FROM hr.public.orders', 'snowflake', { scope: twoDatabases }).ok).toBe(false);
    const defaulted = { ...twoDatabases, defaultDatabase: 'SALES' };
    expect(checkSql('SELECT * FROM public.orders', 'snowflake', { scope: defaulted }).ok).toBe(true);
  });

  it('scopes CTE names as the engines do: not outside their query, not inside a non-recursive definition', () => {
    const scope = shopScope();
    const refused = [
      // Outside the subquery that defines it, pg_authid is the system catalog again.
      'SELECT * FROM (WITH pg_authid AS (SELECT 1 AS a) SELECT a FROM pg_authid) s, pg_authid',
      // In a non-recursive WITH a CTE's own name inside its definition is the real table.
      'WITH pg_authid AS (SELECT * FROM pg_authid) SELECT * FROM pg_authid',
      // A CTE sees only the ones defined before it.
      'WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a',
    ];
    for (const sql of refused) expect(checkSql(sql, 'postgresql', { scope }).ok, sql).toBe(false);
    const allowed = [
      'WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT x FROM b',
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r',
      'WITH o AS (SELECT id FROM shop.orders) SELECT (SELECT count(*) FROM o) AS n',
    ];
    for (const sql of allowed) expect(checkSql(sql, 'postgresql', { scope }).ok, sql).toBe(true);
  });

  it('lets CTE names shadow nothing outside the statement and suggests the qualified name', () => {
    const scope = shopScope();
    expect(checkSql('WITH orders AS (SELECT 1 AS id) SELECT id FROM orders', 'postgresql', { scope }).ok).toBe(true);
    const bare = checkSql('SELECT id FROM orders', 'postgresql', { scope });
    expect(bare).toMatchObject({ ok: false, reason: expect.stringMatching(/write shop\.orders/) });
    const vault = checkSql('SELECT * FROM vault.secrets', 'postgresql', { scope });
    expect(vault).toMatchObject({ ok: false, reason: expect.stringMatching(/not in the catalog/) });
  });

  it('refuses qualifiers that name no relation of the query (sequences, other objects)', () => {
    const scope = shopScope('snowflake');
    expect(checkSql('SELECT seq.NEXTVAL', 'snowflake', { scope }).ok).toBe(false);
    expect(checkSql('SELECT o.id, o.total FROM shop.orders o', 'snowflake', { scope }).ok).toBe(true);
    expect(checkSql('SELECT orders.id FROM shop.orders', 'snowflake', { scope }).ok).toBe(true);
  });

  it('refuses the forms the server reads differently from the parser', () => {
    const scope = shopScope('mysql');
    const reasons = [
      ["SELECT 1 /*M! , LOAD_FILE('/etc/passwd') */", 'mysql'],
      ['SELECT 1 --1, 2', 'mysql'],
      ["SELECT 'a\\' OR 1 -- '", 'mysql'],
      ['SELECT "x"', 'mysql'],
      ['SELECT U&"\\0070g_sleep"(1)', 'postgresql'],
      ['SELECT\u00a01', 'postgresql'],
      ['/*+ Set(statement_timeout "0") */ SELECT 1', 'postgresql'],
    ] as const;
    for (const [sql, dialect] of reasons) {
      const check = checkSql(sql, dialect, { scope: dialect === 'mysql' ? scope : shopScope() });
      expect(check.ok, sql).toBe(false);
    }
  });
});
