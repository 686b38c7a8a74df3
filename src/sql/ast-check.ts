import type { SqlDialect } from './dialects.js';
import { isSideEffectFunction } from './side-effect-functions.js';

/** The rule every rejection message ends with, so the model knows what it may write instead. */
export const readOnlyRule = 'only one read-only query (SELECT/WITH) may run';

type AstObject = Record<string, unknown>;

const isObject = (value: unknown): value is AstObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Query bodies that write (sqlparser-rs SetExpr variants): found anywhere inside a query, they are refused. */
const modifyingBodies = new Set(['Insert', 'Update', 'Delete', 'Merge']);

/** SQL Server table hints that take or hold locks (NOLOCK and READUNCOMMITTED only relax locking). */
const lockingTableHints = new Set(['updlock', 'xlock', 'tablock', 'tablockx', 'holdlock', 'paglock', 'serializable']);

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

function objectNameParts(name: unknown): string[] {
  if (!Array.isArray(name)) return [];
  return name.map((part) => {
    if (isObject(part) && isObject(part.Identifier) && typeof part.Identifier.value === 'string') {
      return part.Identifier.value;
    }
    if (isObject(part) && typeof part.value === 'string') return part.value;
    return '';
  });
}

function deniedFunction(name: unknown, dialect: SqlDialect): string | undefined {
  const parts = objectNameParts(name);
  const last = parts.at(-1);
  if (last && isSideEffectFunction(last, dialect)) return parts.join('.');
  return undefined;
}

function lockHint(hints: unknown): string | undefined {
  if (!Array.isArray(hints)) return undefined;
  for (const hint of hints) {
    const value = isObject(hint) && isObject(hint.Identifier) ? hint.Identifier.value : undefined;
    if (typeof value === 'string' && lockingTableHints.has(value.toLowerCase())) return value.toUpperCase();
  }
  return undefined;
}

/** Checks one node's own fields; the walk visits every node. */
function nodeViolation(key: string, value: unknown, dialect: SqlDialect): string | undefined {
  if (modifyingBodies.has(key) && (isObject(value) || Array.isArray(value))) {
    return `${key.toUpperCase()} inside a query is not allowed (a data-modifying WITH or subquery writes data): ${readOnlyRule}`;
  }
  if (!isObject(value)) {
    if (key === 'locks' && Array.isArray(value) && value.length > 0) {
      const lock = value[0];
      const type = isObject(lock) && typeof lock.lock_type === 'string' ? lock.lock_type.toUpperCase() : 'UPDATE';
      return `The locking clause FOR ${type} is not allowed (it locks rows): ${readOnlyRule}`;
    }
    return undefined;
  }
  if (key === 'BinaryOp' && value.op === 'Assignment') {
    return `Assigning a session variable (:=) is not allowed (it changes session state): ${readOnlyRule}`;
  }
  if (key === 'Select' && value.into != null) {
    const target = isObject(value.into) ? objectNameParts(value.into.name).join('.') : '';
    return `SELECT INTO${target ? ` ${target}` : ''} is not allowed (it creates or writes a table or variable): ${readOnlyRule}`;
  }
  if (key === 'Function') {
    const denied = deniedFunction(value.name, dialect);
    if (denied) {
      return `Calling ${denied}() is not allowed: it has side effects (waits, locks, files, sessions, other servers or state changes); ${readOnlyRule}`;
    }
  }
  if (key === 'Table') {
    if (value.args != null) {
      const denied = deniedFunction(value.name, dialect);
      if (denied) {
        return `Reading from ${denied}(...) is not allowed: it reaches outside the database or has side effects; ${readOnlyRule}`;
      }
    }
    const hint = lockHint(value.with_hints);
    if (hint) return `The table hint WITH (${hint}) is not allowed (it takes locks): ${readOnlyRule}`;
  }
  return undefined;
}

function walk(node: unknown, dialect: SqlDialect): string | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = walk(item, dialect);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    const found = nodeViolation(key, value, dialect) ?? walk(value, dialect);
    if (found) return found;
  }
  return undefined;
}

function explainAnalyzes(explain: AstObject): boolean {
  if (explain.analyze === true) return true;
  const options = Array.isArray(explain.options) ? explain.options : [];
  return options.some((option) => {
    if (!isObject(option) || !isObject(option.name)) return false;
    if (String(option.name.value).toUpperCase() !== 'ANALYZE') return false;
    // Only an explicit false/off keeps EXPLAIN (ANALYZE ...) from running the statement.
    const arg = JSON.stringify(option.arg ?? null).toLowerCase();
    return !(arg.includes('"boolean":false') || arg.includes('"off"') || arg.includes('"0"'));
  });
}

/** Why a single parsed statement may not run, or undefined when it is a read-only query. */
export function statementViolation(statement: unknown, dialect: SqlDialect): string | undefined {
  const kind = statementKind(statement);
  const body = isObject(statement) ? statement[kind] : undefined;
  if (kind === 'Query') return walk(body, dialect);
  if (kind === 'Explain' && isObject(body)) {
    if (explainAnalyzes(body)) return `EXPLAIN ANALYZE is not allowed (it executes the statement): ${readOnlyRule}`;
    const inner = statementKind(body.statement);
    if (inner !== 'Query') return `EXPLAIN of ${statementKeyword(inner)} is not allowed: ${readOnlyRule}`;
    return walk(body.statement, dialect);
  }
  // DESCRIBE t and SHOW ... only read the catalog or settings.
  if (kind === 'ExplainTable' || /^Show[A-Z]/.test(kind)) return walk(body, dialect);
  return `${statementKeyword(kind)} is not allowed: ${readOnlyRule}`;
}
