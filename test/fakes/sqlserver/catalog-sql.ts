/**
 * Catalog statements evaluated over the fake's sys.* rows: the tables a statement names are looked up in the model
 * of the real views, so a wrong view or column fails with SQL Server's own error (208, 207 ...).
 */
import { FakeSqlError, type Ident, type Relation, type SqlEnv, type SqlValue } from '../sql/model.js';
import { runQuery } from '../sql/query.js';
import { type SysRows, sysViews } from './sys-views.js';
import type { FakeColumn, FakeColumnType, FakeValue, ServerMessage } from './tokens.js';

export interface ResultSet {
  columns: FakeColumn[];
  rows: FakeValue[][];
}

export interface CatalogSession {
  database: string;
  restricted: boolean;
  restrictedSchema: string;
  version: string;
  /** The sys.* rows this login can see. */
  sysRows(): SysRows;
  params: Record<string, SqlValue>;
}

const wireTypes: Record<string, FakeColumnType> = {
  tinyint: 'int',
  smallint: 'int',
  int: 'int',
  bigint: 'bigint',
  bit: 'bit',
  float: 'float',
  real: 'float',
};

export const wireType = (type: string): FakeColumnType => wireTypes[type] ?? 'nvarchar';

const relations = new WeakMap<SysRows, Map<string, Relation>>();

/** A sys view as a relation; the rows are built once per catalog (so the evaluator's indexes are reused). */
function sysRelation(rows: SysRows, view: string): Relation {
  let cache = relations.get(rows);
  if (!cache) {
    cache = new Map();
    relations.set(rows, cache);
  }
  let relation = cache.get(view);
  if (!relation) {
    const columns = sysViews[view]!;
    const names = new Set(columns.map((c) => c.name));
    for (const row of rows[view] ?? []) {
      const unknown = Object.keys(row).find((key) => !names.has(key));
      if (unknown) throw new Error(`fake bug: sys.${view} has no column ${unknown}`);
    }
    relation = { columns, rows: (rows[view] ?? []).map((row) => columns.map((c) => row[c.name] ?? null)) };
    cache.set(view, relation);
  }
  return relation;
}

const castTypes: Record<string, string> = { integer: 'int', nvarchar: 'nvarchar', varchar: 'varchar' };

function functions(session: CatalogSession, name: string, args: SqlValue[]): { value: SqlValue } | undefined {
  switch (name.toUpperCase()) {
    case 'SERVERPROPERTY':
      return { value: String(args[0]).toLowerCase() === 'productversion' ? '16.0.1000.6' : null };
    case 'DB_NAME':
      return { value: session.database };
    case 'HAS_PERMS_BY_NAME': {
      const securable = String(args[0]).replace(/^\[|\]$/g, '');
      const denied = session.restricted && securable.toLowerCase() === session.restrictedSchema;
      return { value: denied ? 0 : 1 };
    }
    default:
      return undefined;
  }
}

export function sqlServerEnv(session: CatalogSession, read: Set<string>): SqlEnv {
  return {
    fold: (ident: Ident) => ident.value.toLowerCase(),
    aliasName: (ident: Ident) => ident.value,
    caseInsensitive: true,
    table(name) {
      const parts = name.map((part) => part.value.toLowerCase());
      const [view, schema, database] = [parts.at(-1)!, parts.at(-2), parts.at(-3)];
      const known = schema === 'sys' && sysViews[view] !== undefined && parts.length <= 3;
      if (!known || (database !== undefined && database !== session.database.toLowerCase())) {
        throw new FakeSqlError('table', name.map((part) => part.value).join('.'));
      }
      read.add(`sys.${view}`);
      return sysRelation(session.sysRows(), view);
    },
    call: (name, args) => functions(session, name, args),
    parameter(text) {
      if (text.toUpperCase() === '@@VERSION') return session.version;
      const key = Object.keys(session.params).find((k) => `@${k}`.toLowerCase() === text.toLowerCase());
      if (key === undefined) throw new FakeSqlError('parameter', text, `Must declare the scalar variable "${text}".`);
      return session.params[key] ?? null;
    },
    castType: (dataType) => {
      const name = Object.keys(dataType)[0]!.toLowerCase();
      return castTypes[name] ?? name;
    },
    valueType: (value) => {
      if (typeof value === 'boolean') return 'bit';
      if (typeof value === 'bigint') return 'bigint';
      if (typeof value === 'number') {
        if (!Number.isInteger(value)) return 'float';
        return Math.abs(value) > 2_147_483_647 ? 'bigint' : 'int';
      }
      return 'nvarchar';
    },
  };
}

/** SQL Server's error for what the evaluator refused. */
export function sqlServerError(error: FakeSqlError): ServerMessage {
  const [number, message] = {
    syntax: [102, `Incorrect syntax near '${error.subject}'.`],
    table: [208, `Invalid object name '${error.subject}'.`],
    column: [207, `Invalid column name '${error.subject}'.`],
    ambiguous: [209, `Ambiguous column name '${error.subject}'.`],
    function: [195, `'${error.subject}' is not a recognized built-in function name.`],
    parameter: [137, error.message],
    unsupported: [50_000, `The fake SQL Server cannot evaluate this statement: ${error.message}`],
  }[error.kind] as [number, string];
  return { number, message, severity: 16, state: 1 };
}

const toWire = (value: SqlValue): FakeValue =>
  value !== null && typeof value === 'object' ? JSON.stringify(value) : (value as FakeValue);

/** Evaluates a parsed query; `read` collects the sys views it named (for injected permission failures). */
export function runCatalogQuery(statement: unknown, session: CatalogSession, read: Set<string>): ResultSet {
  const relation = runQuery((statement as { Query: unknown }).Query, sqlServerEnv(session, read));
  return {
    columns: relation.columns.map((c) => ({ name: c.name, type: wireType(c.type) })),
    rows: relation.rows.map((row) => row.map(toWire)),
  };
}
