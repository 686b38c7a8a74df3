/**
 * Shared model of the SQL the fakes evaluate: values, relations (a catalog view's columns and rows), the errors the
 * evaluator raises (each fake turns them into its engine's own error) and what an engine tells the evaluator.
 */

/** A cell: what the fakes' catalog views hold (objects and arrays for Snowflake's OBJECT_CONSTRUCT and arrays). */
export type SqlValue = string | number | bigint | boolean | null | SqlValue[] | { [key: string]: SqlValue };

/** `type` is the engine's own type name (nvarchar, INT64, fixed, STRING ...): each fake encodes it on its wire. */
export interface ColumnDef {
  name: string;
  type: string;
}

export interface Relation {
  columns: ColumnDef[];
  rows: SqlValue[][];
}

/** An identifier as sqlparser-rs gives it. */
export interface Ident {
  value: string;
  quote_style?: string;
}

export type FakeSqlErrorKind = 'syntax' | 'table' | 'column' | 'ambiguous' | 'function' | 'parameter' | 'unsupported';

/** A statement the real engine would refuse: `subject` is the object, column or function it names. */
export class FakeSqlError extends Error {
  constructor(
    readonly kind: FakeSqlErrorKind,
    readonly subject: string,
    message?: string,
  ) {
    super(message ?? `${kind}: ${subject}`);
  }
}

/** What differs between engines: name folding, the catalog, parameters, functions and type names. */
export interface SqlEnv {
  /** Lookup key of a name, folded as the engine folds it (lower-cased, or Snowflake's upper-casing of unquoted). */
  fold(ident: Ident): string;
  /** The column name the engine reports for an alias. */
  aliasName(ident: Ident): string;
  /** A relation the statement names (`sys.tables`, `project.region-us.INFORMATION_SCHEMA.COLUMNS`). Throws. */
  table(name: Ident[]): Relation;
  /** Engine functions; undefined when the name is not one (the generic ones are tried next). */
  call?(name: string, args: SqlValue[]): { value: SqlValue } | undefined;
  /** `@name`, `?`, `:1`, `:name`, `@@VERSION`. Throws a 'parameter' error for an unknown one. */
  parameter?(text: string, position: number): SqlValue;
  /** Engine type name of a CAST target (the parser's DataType node). */
  castType(dataType: Record<string, unknown>): string;
  /** Engine type name of a literal or computed value. */
  valueType(value: SqlValue): string;
  /** String comparison ignores case (SQL Server's default collation). */
  caseInsensitive?: boolean;
  /** NULLs sort after values in ascending order (Snowflake). */
  nullsLast?: boolean;
}
