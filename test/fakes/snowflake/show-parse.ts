/** SHOW <objects> [LIKE '...'] [IN ACCOUNT | DATABASE d | SCHEMA d.s], read from the parser's AST (snowflake). */
import { FakeSqlError, type Ident } from '../sql/model.js';
import { type AstNode, variant } from '../sql/parse.js';
import type { ShowCommand } from './show-commands.js';

/** Snowflake stores unquoted identifiers upper-cased; a quoted one is exact. */
export const snowflakeName = (ident: Ident): string => (ident.quote_style ? ident.value : ident.value.toUpperCase());

const showKinds: Record<string, string> = {
  ShowDatabases: 'DATABASES',
  ShowSchemas: 'SCHEMAS',
  ShowTables: 'TABLES',
  ShowViews: 'VIEWS',
  ShowColumns: 'COLUMNS',
};

const scopes: Record<string, ShowCommand['scope']> = { Account: 'ACCOUNT', Database: 'DATABASE', Schema: 'SCHEMA' };

function fromOptions(kind: string, options: AstNode): ShowCommand {
  const showIn = options?.show_in;
  const scope = showIn ? scopes[showIn.parent_type] : 'DATABASE';
  if (!scope) throw new FakeSqlError('unsupported', String(showIn.parent_type), `SHOW ... IN ${showIn.parent_type}`);
  const parts: Ident[] = (showIn?.parent_name ?? []).map((part: AstNode) => variant(part)[1]);
  const filter = options?.filter_position ? variant(options.filter_position)[1] : undefined;
  const [filterKind, like] = filter ? variant(filter) : [undefined, undefined];
  if (filterKind !== undefined && filterKind !== 'Like')
    throw new FakeSqlError('unsupported', filterKind, 'SHOW filter');
  return {
    kind,
    scope,
    ...(like !== undefined ? { like: String(like) } : {}),
    ...(parts.length > 0 ? { scopeName: parts.map(snowflakeName).join('.') } : {}),
  };
}

/** SHOW PRIMARY KEYS and the like reach the AST as a word list (sqlparser-rs has no node for them). */
function fromWords(words: Ident[]): ShowCommand {
  const upper = words.map((word) => (word.quote_style ? undefined : word.value.toUpperCase()));
  const kind = `${upper[0]} ${upper[1]}`;
  if (!['PRIMARY KEYS', 'IMPORTED KEYS', 'UNIQUE KEYS', 'EXPORTED KEYS'].includes(kind)) {
    throw new FakeSqlError('syntax', words[0]?.value ?? 'SHOW', `SQL compilation error: unknown SHOW ${kind}`);
  }
  if (words.length === 2) return { kind, scope: 'DATABASE' };
  const scope = scopes[(upper[3] ?? '').charAt(0) + (upper[3] ?? '').slice(1).toLowerCase()];
  if (upper[2] !== 'IN' || !scope)
    throw new FakeSqlError('syntax', words[2]?.value ?? '', `unexpected '${words[2]?.value}'`);
  const name = words.slice(4).map(snowflakeName).join('.');
  return { kind, scope, ...(name ? { scopeName: name } : {}) };
}

export function showCommand(statement: AstNode): ShowCommand | undefined {
  const [kind, body] = variant(statement);
  if (showKinds[kind]) return fromOptions(showKinds[kind], body.show_options);
  if (kind === 'ShowVariable') return fromWords(body.variable);
  return undefined;
}
