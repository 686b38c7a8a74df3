/** Answers SHOW <objects> [LIKE '...'] [IN ACCOUNT | IN DATABASE x | IN SCHEMA x.y] (show-parse.ts) from the world. */
import type { FixtureColumn } from '../../fixtures/shop-fixture.js';
import { type CatalogWorld, type Visibility, visibleObjects, type WorldTable } from './catalog-world.js';
import { fixed, type ResultSet, text } from './protocol.js';

export interface ShowCommand {
  kind: string;
  like?: string;
  scope: 'ACCOUNT' | 'DATABASE' | 'SCHEMA';
  scopeName?: string;
}

function likeToRegExp(like: string): RegExp {
  let source = '';
  for (let i = 0; i < like.length; i++) {
    const char = like[i]!;
    if (char === '\\' && i + 1 < like.length) source += like[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

/** Snowflake's SHOW COLUMNS data_type: a JSON text describing the type. */
function dataType(column: FixtureColumn): string {
  const base = { nullable: column.nullable };
  const byFamily: Record<string, Record<string, unknown>> = {
    integer: { type: 'FIXED', precision: 38, scale: 0 },
    decimal: { type: 'FIXED', precision: column.precision ?? 38, scale: column.scale ?? 2 },
    float: { type: 'REAL' },
    boolean: { type: 'BOOLEAN' },
    date: { type: 'DATE' },
    time: { type: 'TIME', precision: 0, scale: 9 },
    timestamp: { type: 'TIMESTAMP_NTZ', precision: 0, scale: 9 },
    json: { type: 'VARIANT' },
    struct: { type: 'OBJECT' },
    array: { type: 'ARRAY' },
    binary: { type: 'BINARY', length: 8_388_608, byteLength: 8_388_608, fixed: false },
    geography: { type: 'GEOGRAPHY' },
  };
  const described = byFamily[column.type] ?? { type: 'TEXT', length: 16_777_216, byteLength: 16_777_216, fixed: false };
  return JSON.stringify({ ...described, ...base });
}

const createdOn = '2026-01-01 00:00:00.000 -0800';

function viewText(t: WorldTable): string {
  const create = t.kind === 'materialized_view' ? 'CREATE MATERIALIZED VIEW' : 'CREATE VIEW';
  const comment = t.comment ? ` COMMENT='${t.comment.replace(/'/g, "''")}'` : '';
  return `${create} ${t.database}.${t.schema}.${t.name}${comment} AS ${t.viewSql ?? 'SELECT 1'}`;
}

/** Builds the answer of one SHOW command for a session's role. */
export function answerShow(command: ShowCommand, world: CatalogWorld, visibility: Visibility, currentDb?: string) {
  const objects = visibleObjects(world, visibility);
  const like = command.like !== undefined ? likeToRegExp(command.like) : undefined;
  const scopeDb = command.scope === 'ACCOUNT' ? undefined : (command.scopeName?.split('.')[0] ?? currentDb);
  const scopeSchema = command.scope === 'SCHEMA' ? command.scopeName?.split('.')[1] : undefined;
  const inScope = (database: string, schema?: string) =>
    (scopeDb === undefined || database === scopeDb) && (scopeSchema === undefined || schema === scopeSchema);
  const named = (name: string) => like === undefined || like.test(name);
  const tables = objects.tables.filter((t) => inScope(t.database, t.schema));
  const isView = (t: WorldTable) => t.kind === 'view' || t.kind === 'materialized_view';

  switch (command.kind) {
    case 'DATABASES':
      return result(
        ['created_on', 'name', 'is_default', 'is_current', 'origin', 'owner', 'comment', 'options', 'kind'],
        objects.databases
          .filter((d) => named(d.name))
          .map((d) => [createdOn, d.name, 'N', d.name === currentDb ? 'Y' : 'N', d.origin, 'SYSADMIN', '', '', d.kind]),
      );
    case 'SCHEMAS':
      return result(
        ['created_on', 'name', 'is_default', 'is_current', 'database_name', 'owner', 'comment', 'options'],
        objects.schemas
          .filter((s) => inScope(s.database) && named(s.name))
          .map((s) => [createdOn, s.name, 'N', 'N', s.database, 'SYSADMIN', '', '']),
      );
    case 'TABLES': {
      const header = ['created_on', 'name', 'database_name', 'schema_name', 'kind', 'comment', 'cluster_by'];
      const rows = tables
        .filter((t) => !isView(t) && named(t.name))
        .map((t) => [
          createdOn,
          t.name,
          t.database,
          t.schema,
          'TABLE',
          t.comment ?? '',
          t.partitioning ? `LINEAR(${t.partitioning.column.toUpperCase()})` : '',
          t.rows ?? 0,
          (t.rows ?? 0) * 1024,
          'SYSADMIN',
        ]);
      return result([...header, 'rows', 'bytes', 'owner'], rows, ['rows', 'bytes']);
    }
    case 'VIEWS': {
      const header = ['created_on', 'name', 'reserved', 'database_name', 'schema_name', 'owner', 'comment', 'text'];
      const rows = tables
        .filter((t) => isView(t) && named(t.name))
        .map((t) => [
          createdOn,
          t.name,
          '',
          t.database,
          t.schema,
          'SYSADMIN',
          t.comment ?? '',
          viewText(t),
          'false',
          String(t.kind === 'materialized_view'),
        ]);
      return result([...header, 'is_secure', 'is_materialized'], rows);
    }
    case 'COLUMNS': {
      const header = ['table_name', 'schema_name', 'column_name', 'data_type', 'null?', 'default', 'kind'];
      const rows = tables.flatMap((t) =>
        t.columns
          .filter((c) => named(c.name))
          .map((c) => [
            t.name,
            t.schema,
            c.name,
            dataType(c),
            String(c.nullable),
            '',
            'COLUMN',
            '',
            c.comment ?? '',
            t.database,
            '',
          ]),
      );
      return result([...header, 'expression', 'comment', 'database_name', 'autoincrement'], rows);
    }
    case 'PRIMARY KEYS':
    case 'UNIQUE KEYS': {
      const rows = tables.flatMap((t) => {
        const keys = command.kind === 'PRIMARY KEYS' ? (t.primaryKey ? [t.primaryKey] : []) : (t.uniques ?? []);
        return keys.flatMap((columns, k) =>
          columns.map((c, i) => {
            const name = `${t.name}_${command.kind === 'PRIMARY KEYS' ? 'PK' : `UQ${k + 1}`}`;
            return [createdOn, t.database, t.schema, t.name, c.toUpperCase(), i + 1, name, 'false', null];
          }),
        );
      });
      const header = ['created_on', 'database_name', 'schema_name', 'table_name', 'column_name', 'key_sequence'];
      return result([...header, 'constraint_name', 'rely', 'comment'], rows, ['key_sequence']);
    }
    case 'IMPORTED KEYS': {
      const rows = tables.flatMap((t) =>
        (t.foreignKeys ?? []).flatMap((fk, k) =>
          fk.columns.map((c, i) => [
            createdOn,
            t.database,
            fk.schema.toUpperCase(),
            fk.table.toUpperCase(),
            fk.referencedColumns[i]!.toUpperCase(),
            t.database,
            t.schema,
            t.name,
            c.toUpperCase(),
            i + 1,
            'NO ACTION',
            'NO ACTION',
            `${t.name}_FK${k + 1}`,
            `${fk.table.toUpperCase()}_PK`,
            'NOT DEFERRABLE',
            'false',
            null,
          ]),
        ),
      );
      const pk = ['pk_database_name', 'pk_schema_name', 'pk_table_name', 'pk_column_name'];
      const fk = ['fk_database_name', 'fk_schema_name', 'fk_table_name', 'fk_column_name', 'key_sequence'];
      const rest = ['update_rule', 'delete_rule', 'fk_name', 'pk_name', 'deferrability', 'rely', 'comment'];
      return result(['created_on', ...pk, ...fk, ...rest], rows, ['key_sequence']);
    }
    default:
      throw new Error(`SHOW ${command.kind} is not faked`);
  }
}

/** Text columns except the named numeric ones. */
function result(names: string[], rows: unknown[][], numeric: string[] = []): ResultSet {
  return { columns: names.map((name) => (numeric.includes(name) ? fixed(name) : text(name))), rows };
}
