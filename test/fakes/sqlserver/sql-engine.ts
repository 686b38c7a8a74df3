/**
 * What the fake answers to each batch: it is parsed with the package's SQL parser (mssql dialect) first, so SQL
 * the real server would refuse gets SQL Server's syntax error. SELECTs over sys.* views (and without FROM) are
 * evaluated over the fixture's sys rows; GENERATE_SERIES gives large results, WAITFOR a statement that only ends
 * when cancelled, and any other table SQL Server's own errors.
 */
import { FakeSqlError, type Ident, type SqlValue } from '../sql/model.js';
import { type AstNode, parseStatements, variant } from '../sql/parse.js';
import { namedTables } from '../sql/tables.js';
import { type CatalogSession, type ResultSet, runCatalogQuery, sqlServerError } from './catalog-sql.js';
import type { ClientRequest, ParamValue } from './requests.js';
import type { FakeValue, ServerMessage } from './tokens.js';

export type Answer =
  | { kind: 'results'; sets: ResultSet[] }
  | { kind: 'error'; error: ServerMessage }
  | { kind: 'done' }
  /** Runs until the client sends an attention. */
  | { kind: 'slow' };

/** An injected failure: a statement reading every one of these views (`sys.indexes` ...) fails with `error`. */
export interface ReadFailure {
  reads: string[];
  error: ServerMessage;
}

export interface SessionInfo extends Omit<CatalogSession, 'params'> {
  failures: ReadFailure[];
}

const fail = (error: ServerMessage): Answer => ({ kind: 'error', error });

function toSqlValue(value: ParamValue): SqlValue {
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}

function series(statement: AstNode, names: Ident[][]): Answer | undefined {
  const select = statement.Query?.body?.Select;
  const relation = select?.from?.[0]?.relation?.Table;
  if (names.length !== 1 || names[0]![0]!.value.toUpperCase() !== 'GENERATE_SERIES' || !relation?.args) return;
  const args = relation.args.args.map((arg: AstNode) => Number(arg.Unnamed?.Expr?.Value?.value?.Number?.[0]));
  const item = select.projection[0];
  const alias: string = item?.ExprWithAlias?.alias?.value ?? 'value';
  const rows: FakeValue[][] = [];
  for (let n = args[0]; n <= args[1]; n++) rows.push([n]);
  return { kind: 'results', sets: [{ columns: [{ name: alias, type: 'int' }], rows }] };
}

/** A statement on user tables: the fake holds no data, so it is denied or not found as on a real server. */
function userTables(statement: AstNode, names: Ident[][], session: SessionInfo): Answer {
  const generated = series(statement, names);
  if (generated) return generated;
  for (const name of names) {
    const schema = name.at(-2)?.value.toLowerCase();
    if (session.restricted && schema === session.restrictedSchema) {
      const message = `The SELECT permission was denied on the object '${name.at(-1)!.value}', database '${session.database}', schema '${schema}'.`;
      return fail({ number: 229, message, severity: 14, state: 5 });
    }
  }
  const first = names[0]!.map((part) => part.value).join('.');
  return fail({ number: 208, message: `Invalid object name '${first}'.`, severity: 16, state: 1 });
}

function query(statement: AstNode, request: ClientRequest, session: SessionInfo): Answer {
  const names = namedTables(statement);
  if (names.some((name) => name.at(-2)?.value.toLowerCase() !== 'sys')) return userTables(statement, names, session);
  const read = new Set<string>();
  const params = Object.fromEntries(Object.entries(request.params).map(([k, v]) => [k, toSqlValue(v)]));
  const set = runCatalogQuery(statement, { ...session, params }, read);
  const failure = session.failures.find((f) => f.reads.every((view) => read.has(view)));
  return failure ? fail(failure.error) : { kind: 'results', sets: [set] };
}

export function answer(request: ClientRequest, session: SessionInfo): Answer {
  if (request.sql.trim() === '') return { kind: 'done' };
  try {
    const statements = parseStatements(request.sql, 'mssql');
    const kinds = statements.map((statement) => variant(statement)[0]);
    if (kinds.every((kind) => kind === 'Set')) return { kind: 'done' };
    if (statements.length !== 1) {
      return fail(sqlServerError(new FakeSqlError('unsupported', kinds.join(', '), 'one statement per batch')));
    }
    if (kinds[0] === 'WaitFor') return { kind: 'slow' };
    if (kinds[0] === 'Query') return query(statements[0], request, session);
    return fail(sqlServerError(new FakeSqlError('unsupported', kinds[0]!, `${kinds[0]} statements`)));
  } catch (error) {
    if (error instanceof FakeSqlError) return fail(sqlServerError(error));
    throw error;
  }
}
