import { allowedFunctionExamples, builtinFunctionSchemas, isAllowedFunction } from './allowed-functions.js';
import type { SqlDialect } from './dialects.js';
import { type NamePart, resolveTable, type SqlScope } from './sql-scope.js';

/** The rule every rejection message ends with, so the model knows what it may write instead. */
export const readOnlyRule = 'only one read-only query (SELECT/WITH) over the catalog tables may run';

type AstObject = Record<string, unknown>;

const isObject = (value: unknown): value is AstObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Query bodies that write (sqlparser-rs SetExpr variants): found anywhere inside a query, they are refused. */
const modifyingBodies = new Set(['Insert', 'Update', 'Delete', 'Merge']);

/** Table factors that only read what they are given; any other kind (XMLTABLE, MATCH_RECOGNIZE ...) is refused. */
const allowedRelations = new Set([
  'Table',
  'Derived',
  'TableFunction',
  'Function',
  'UNNEST',
  'NestedJoin',
  'Pivot',
  'Unpivot',
  'JsonTable',
  'OpenJsonTable',
]);

/** SQL Server table hints that only relax locking; every other hint takes or holds locks. */
const harmlessTableHints = new Set(['nolock', 'readuncommitted']);

/** Type names a cast may name when the parser files them under `Custom`; reg* types and user types are refused. */
const customTypes = new Set(
  (
    'int2 int4 int8 float4 float8 bool char name money inet cidr macaddr citext string int64 float64 bignumeric ' +
    'number variant object hugeint uhugeint ubigint utinyint usmallint uinteger nvarchar nchar ntext datetime2 ' +
    'datetimeoffset smalldatetime uniqueidentifier timestamp_ntz timestamp_ltz timestamp_tz timestamptz json jsonb ' +
    'uuid serial bpchar'
  ).split(' '),
);

/** `CreateTable` -> `CREATE TABLE`, the way the statement is written. */
export function statementKeyword(kind: string): string {
  const spaced = kind.replace(/([a-z0-9])([A-Z])|([A-Z])([A-Z][a-z])/g, '$1$3 $2$4').toUpperCase();
  const aliases: Record<string, string> = {
    'START TRANSACTION': 'BEGIN/START TRANSACTION',
    QUERY: 'SELECT',
    'EXPLAIN TABLE': 'DESCRIBE',
    'WAIT FOR': 'WAITFOR',
    'ATTACH DUCK DB DATABASE': 'ATTACH',
    'COPY INTO SNOWFLAKE': 'COPY INTO',
    'DETACH DUCK DB DATABASE': 'DETACH',
  };
  return aliases[spaced] ?? spaced;
}

/** The variant name of a statement node: `{ Delete: {...} }` -> `Delete`; unit variants arrive as strings. */
export function statementKind(statement: unknown): string {
  if (typeof statement === 'string') return statement;
  if (isObject(statement)) return Object.keys(statement)[0] ?? 'Unknown';
  return 'Unknown';
}

/** `[{ Identifier: { value, quote_style } }]` (ObjectName) or `[{ value, quote_style }]` -> name parts. */
function nameParts(name: unknown, dialect: SqlDialect): NamePart[] {
  if (!Array.isArray(name)) return [];
  const parts = name.map((part): NamePart => {
    const ident = isObject(part) && isObject(part.Identifier) ? part.Identifier : part;
    if (!isObject(ident) || typeof ident.value !== 'string') return { value: '', quoted: false };
    return { value: ident.value, quoted: ident.quote_style != null };
  });
  // BigQuery writes `project.dataset.table` as one quoted identifier.
  if (dialect !== 'bigquery') return parts;
  return parts.flatMap((part) =>
    part.quoted && part.value.includes('.') ? part.value.split('.').map((value) => ({ value, quoted: true })) : [part],
  );
}

const written = (parts: readonly NamePart[]): string => parts.map((part) => part.value).join('.');

/** The names/aliases a statement's relations may be referred to by (CTE names are scoped, see `walk`). */
interface Names {
  relations: Set<string>;
}

/** Collects relation names/aliases anywhere in the statement (qualifiers of columns must be one). */
function collectNames(node: unknown, names: Names): void {
  if (Array.isArray(node)) {
    for (const item of node) collectNames(item, names);
    return;
  }
  if (!isObject(node)) return;
  if (Array.isArray(node.cte_tables)) {
    for (const name of cteNames(node.cte_tables)) names.relations.add(name);
  }
  if (isObject(node.alias) && isObject(node.alias.name) && typeof node.alias.name.value === 'string') {
    names.relations.add(node.alias.name.value.toLowerCase());
  }
  if (Array.isArray(node.lateral_view_name)) {
    for (const part of nameParts(node.lateral_view_name, 'generic')) names.relations.add(part.value.toLowerCase());
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    if (key === 'Table' && isObject(value)) {
      for (const part of nameParts(value.name, 'generic')) names.relations.add(part.value.toLowerCase());
    }
    collectNames(value, names);
  }
}

interface CheckContext {
  dialect: SqlDialect;
  scope: SqlScope | undefined;
  names: Names;
  /** CTE names visible where the walk is: a name outside its WITH (or before its definition) is a table again. */
  ctes: ReadonlySet<string>;
  /** Reported in this order, most telling first: writes, locks, INTO, variables; functions, operators, casts; tables. */
  pass: 'structure' | 'functions' | 'tables';
}

function functionViolation(name: unknown, context: CheckContext, asTable: boolean): string | undefined {
  const parts = nameParts(name, context.dialect);
  const label = written(parts);
  const last = parts.at(-1);
  const refuse = (why: string) =>
    `${asTable ? 'Table function' : 'Function'} ${label} is not allowed (${why}); allowed functions include ${allowedFunctionExamples(context.dialect)}: ${readOnlyRule}`;
  const qualifiers = parts.slice(0, -1).map((part) => part.value.toLowerCase());
  const builtinSchemas = builtinFunctionSchemas[context.dialect] ?? [];
  if (qualifiers.length > 1 || (qualifiers.length === 1 && !builtinSchemas.includes(qualifiers[0] as string))) {
    return refuse('user-defined and schema-qualified functions cannot be checked');
  }
  if (!last || parts.some((part) => part.quoted)) return refuse('function names may not be quoted');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(last.value)) return refuse('not a built-in name');
  if (!isAllowedFunction(last.value.toLowerCase(), context.dialect)) {
    return refuse('only side-effect-free built-ins may be called');
  }
  return undefined;
}

function tableViolation(table: AstObject, context: CheckContext): string | undefined {
  const hints = Array.isArray(table.with_hints) ? table.with_hints : [];
  for (const hint of hints) {
    const value = isObject(hint) && isObject(hint.Identifier) ? hint.Identifier.value : undefined;
    if (typeof value !== 'string' || !harmlessTableHints.has(value.toLowerCase())) {
      return `The table hint WITH (${String(value ?? '?').toUpperCase()}) is not allowed (it takes locks): ${readOnlyRule}`;
    }
  }
  const parts = nameParts(table.name, context.dialect);
  if (parts.length === 1 && !parts[0]?.quoted && context.ctes.has((parts[0] as NamePart).value.toLowerCase())) {
    return undefined;
  }
  if (!context.scope) return `Table ${written(parts)} cannot be checked: no catalog scope was given; ${readOnlyRule}`;
  const resolved = resolveTable(context.scope, parts, context.dialect);
  return resolved.ok ? undefined : `${resolved.reason}: ${readOnlyRule}`;
}

function identifierViolation(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (/^[@$]/.test(value)) {
    return `Session and server variables (${value}) are not allowed: ${readOnlyRule}`;
  }
  return undefined;
}

function compoundViolation(parts: unknown, context: CheckContext): string | undefined {
  if (!Array.isArray(parts) || parts.length < 2) return undefined;
  const names = nameParts(parts, context.dialect);
  const qualifier = (names[0] as NamePart).value.toLowerCase();
  const known = context.names.relations.has(qualifier);
  if (!known || /^(nextval|currval)$/i.test(names.at(-1)?.value ?? '')) {
    return `${written(names)} does not name a column of a table in the query (sequences and other objects may not be read): ${readOnlyRule}`;
  }
  return undefined;
}

function castViolation(dataType: unknown): string | undefined {
  if (typeof dataType === 'string') {
    return /^Reg/.test(dataType) ? `Casts to ${dataType.toLowerCase()} are not allowed: ${readOnlyRule}` : undefined;
  }
  if (isObject(dataType) && Array.isArray(dataType.Custom)) {
    const parts = nameParts(dataType.Custom[0], 'generic');
    const name = written(parts).toLowerCase();
    if (parts.length !== 1 || !customTypes.has(name)) {
      return `Casts to the type ${written(parts)} are not allowed (only built-in types): ${readOnlyRule}`;
    }
  }
  return undefined;
}

/** Checks one node's own fields; the walk visits every node. */
function nodeViolation(key: string, value: unknown, context: CheckContext): string | undefined {
  if (context.pass === 'structure') return structureViolation(key, value);
  return context.pass === 'functions'
    ? functionNodeViolation(key, value, context)
    : tableNodeViolation(key, value, context);
}

function structureViolation(key: string, value: unknown): string | undefined {
  if (modifyingBodies.has(key) && (isObject(value) || Array.isArray(value))) {
    return `${key.toUpperCase()} inside a query is not allowed (a data-modifying WITH or subquery writes data): ${readOnlyRule}`;
  }
  if (key === 'locks' && Array.isArray(value) && value.length > 0) {
    const lock = value[0];
    const type = isObject(lock) && typeof lock.lock_type === 'string' ? lock.lock_type.toUpperCase() : 'UPDATE';
    return `The locking clause FOR ${type} is not allowed (it locks rows): ${readOnlyRule}`;
  }
  if (key === 'Identifier' && isObject(value)) return identifierViolation(value.value);
  if (!isObject(value)) return undefined;
  if (key === 'BinaryOp' && value.op === 'Assignment') {
    return `Assigning a session variable (:=) is not allowed (it changes session state): ${readOnlyRule}`;
  }
  if (key === 'Select' && value.into != null) {
    return `SELECT INTO is not allowed (it creates or writes a table or variable): ${readOnlyRule}`;
  }
  return undefined;
}

function functionNodeViolation(key: string, value: unknown, context: CheckContext): string | undefined {
  if (key === 'relation' && isObject(value)) {
    const kind = Object.keys(value)[0] ?? '';
    if (!allowedRelations.has(kind)) return `Reading FROM ${kind} is not allowed: ${readOnlyRule}`;
  }
  if (!isObject(value)) return undefined;
  if (key === 'BinaryOp' && isObject(value.op)) {
    return `Custom operators are not allowed (they can call any function): ${readOnlyRule}`;
  }
  if (key === 'Cast') return castViolation(value.data_type);
  if (key === 'Function' && value.name !== undefined) return functionViolation(value.name, context, false);
  if (key === 'Table' && value.name !== undefined && value.args != null) {
    return functionViolation(value.name, context, true);
  }
  return undefined;
}

function tableNodeViolation(key: string, value: unknown, context: CheckContext): string | undefined {
  if (key === 'CompoundIdentifier') return compoundViolation(value, context);
  if (key === 'Table' && isObject(value) && value.name !== undefined && value.args == null) {
    return tableViolation(value, context);
  }
  return undefined;
}

function walk(node: unknown, context: CheckContext): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = walk(item, context);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (isObject(node.with) && Array.isArray(node.with.cte_tables)) return walkWithQuery(node, node.with, context);
  return walkEntries(node, context);
}

function walkEntries(node: AstObject, context: CheckContext, skip?: string): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === skip) continue;
    const found = nodeViolation(key, value, context) ?? walk(value, context);
    if (found) return found;
  }
  return undefined;
}

function cteNames(tables: unknown[]): string[] {
  return tables.flatMap((cte) => {
    const alias = isObject(cte) && isObject(cte.alias) && isObject(cte.alias.name) ? cte.alias.name.value : undefined;
    return typeof alias === 'string' ? [alias.toLowerCase()] : [];
  });
}

/**
 * A query with a WITH clause, scoped as the engines scope it: its body sees every CTE; a CTE's own query sees the
 * CTEs defined before it, and itself too only under WITH RECURSIVE. So `WITH pg_authid AS (SELECT * FROM pg_authid)`
 * still names the real (out-of-scope) table inside, and a CTE name used outside its query is a table again.
 */
function walkWithQuery(node: AstObject, withClause: AstObject, context: CheckContext): string | undefined {
  const tables = withClause.cte_tables as unknown[];
  const names = cteNames(tables);
  // T-SQL and Snowflake make any self-referencing CTE recursive, RECURSIVE keyword or not.
  const recursive = withClause.recursive === true || context.dialect === 'mssql' || context.dialect === 'snowflake';
  for (const [index, cte] of tables.entries()) {
    const visible = recursive ? names : names.slice(0, index);
    const found = walk(cte, { ...context, ctes: new Set([...context.ctes, ...visible]) });
    if (found) return found;
  }
  return walkEntries(node, { ...context, ctes: new Set([...context.ctes, ...names]) }, 'with');
}

/**
 * Why a single parsed statement may not run, or undefined when it is a read-only query whose every table is in
 * `scope` and whose every function is an allowed built-in. Only queries (SELECT, WITH, VALUES, set operations) pass,
 * and `EXPLAIN <query>` when `plainExplain` says the text has no option (EXPLAIN ANALYZE/ANALYSE executes); SHOW,
 * DESCRIBE and every other statement are refused.
 */
export function statementViolation(
  statement: unknown,
  dialect: SqlDialect,
  scope: SqlScope | undefined,
  plainExplain = false,
): string | undefined {
  let kind = statementKind(statement);
  let body = isObject(statement) ? statement[kind] : undefined;
  if (kind === 'Explain' && isObject(body)) {
    const inner = statementKind(body.statement);
    if (inner !== 'Query') return `EXPLAIN of ${statementKeyword(inner)} is not allowed: ${readOnlyRule}`;
    // Only a plain `EXPLAIN SELECT ...` (no ANALYZE, ANALYSE or option, as the caller read in the text) only plans.
    const options = Array.isArray(body.options) ? body.options.length : 0;
    if (!plainExplain || body.analyze !== false || options > 0 || body.format != null) {
      return `EXPLAIN ANALYZE (or ANALYSE, or any EXPLAIN option) is not allowed: it executes the statement; plain EXPLAIN SELECT is allowed: ${readOnlyRule}`;
    }
    kind = inner;
    body = isObject(body.statement) ? body.statement[kind] : undefined;
  }
  if (kind !== 'Query') return `${statementKeyword(kind)} is not allowed: ${readOnlyRule}`;
  const names: Names = { relations: new Set() };
  collectNames(body, names);
  const check = (pass: CheckContext['pass']) => walk(body, { dialect, scope, names, ctes: new Set(), pass });
  return check('structure') ?? check('functions') ?? check('tables');
}
