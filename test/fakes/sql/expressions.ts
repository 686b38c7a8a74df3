/** Evaluates one expression node of the parser's AST over the row in scope, with its engine type. */
import { functionCall } from './calls.js';
import { FakeSqlError, type Ident, type SqlValue } from './model.js';
import { type AstNode, variant } from './parse.js';
import { resolveColumn, type Scope } from './scope.js';
import { arithmetic, castValue, compare, like, truthy } from './values.js';

export interface Typed {
  value: SqlValue;
  type: string;
}

const comparisons: Record<string, (c: number) => boolean> = {
  Eq: (c) => c === 0,
  NotEq: (c) => c !== 0,
  Lt: (c) => c < 0,
  LtEq: (c) => c <= 0,
  Gt: (c) => c > 0,
  GtEq: (c) => c >= 0,
};

export const typed = (scope: Scope, value: SqlValue, type?: string): Typed => ({
  value,
  type: type ?? scope.env.valueType(value),
});

function literal(node: AstNode, scope: Scope): Typed {
  const [kind, payload] = variant(node.value);
  switch (kind) {
    case 'Number':
      return typed(scope, Number(payload[0]));
    case 'SingleQuotedString':
    case 'NationalStringLiteral':
    case 'DoubleQuotedString':
      return typed(scope, String(payload));
    case 'Boolean':
      return typed(scope, Boolean(payload));
    case 'Null':
      return typed(scope, null);
    case 'Placeholder':
      return parameter(String(payload), scope);
    default:
      throw new FakeSqlError('unsupported', kind, `Unsupported literal ${kind}`);
  }
}

function parameter(text: string, scope: Scope): Typed {
  if (!scope.env.parameter) throw new FakeSqlError('parameter', text, `Unknown parameter ${text}`);
  const position = text === '?' ? scope.positional.next++ : -1;
  return typed(scope, scope.env.parameter(text, position));
}

function column(idents: Ident[], scope: Scope): Typed {
  if (idents.length === 1 && idents[0]!.value.startsWith('@') && !idents[0]!.quote_style) {
    return parameter(idents[0]!.value, scope);
  }
  const hit = resolveColumn(scope, idents);
  return { value: hit.value, type: hit.column.type };
}

function binary(node: AstNode, scope: Scope): Typed {
  const { op } = node;
  if (op === 'And' || op === 'Or') {
    const left = truthy(evaluate(node.left, scope).value);
    const decided = op === 'And' ? left === false : left === true;
    if (decided && !scope.checking) return typed(scope, op === 'Or');
    const right = truthy(evaluate(node.right, scope).value);
    if (decided) return typed(scope, op === 'Or');
    if (op === 'And') return typed(scope, right === false ? false : left === null || right === null ? null : true);
    return typed(scope, right === true ? true : left === null || right === null ? null : false);
  }
  const left = evaluate(node.left, scope);
  const right = evaluate(node.right, scope);
  const test = comparisons[op];
  if (test) {
    const result = compare(left.value, right.value, scope.env);
    return typed(scope, result === null ? null : test(result));
  }
  if (['Plus', 'Minus', 'Multiply', 'Divide', 'StringConcat'].includes(op)) {
    return { value: arithmetic(op, left.value, right.value), type: left.type };
  }
  throw new FakeSqlError('unsupported', op, `Unsupported operator ${op}`);
}

function inList(node: AstNode, scope: Scope, values: SqlValue[]): Typed {
  const needle = evaluate(node.expr, scope).value;
  if (needle === null) return typed(scope, null);
  const found = values.some((value) => compare(needle, value, scope.env) === 0);
  return typed(scope, node.negated ? !found : found);
}

function caseWhen(node: AstNode, scope: Scope): Typed {
  const operand = node.operand ? evaluate(node.operand, scope).value : undefined;
  let chosen: Typed | undefined;
  for (const { condition, result } of node.conditions) {
    const test = evaluate(condition, scope).value;
    const hit = operand === undefined ? truthy(test) === true : compare(operand, test, scope.env) === 0;
    if (hit && !chosen) chosen = evaluate(result, scope);
    if (chosen && !scope.checking) return chosen;
    if (scope.checking) evaluate(result, scope);
  }
  const fallback = node.else_result ? evaluate(node.else_result, scope) : typed(scope, null);
  return chosen ?? fallback;
}

function subqueryValues(query: AstNode, scope: Scope): SqlValue[][] {
  return scope.subquery(query, scope).rows;
}

export function evaluate(node: AstNode, scope: Scope): Typed {
  const [kind, body] = variant(node);
  switch (kind) {
    case 'Identifier':
      return column([body], scope);
    case 'CompoundIdentifier':
      return column(body, scope);
    case 'Value':
      return literal(body, scope);
    case 'Nested':
      return evaluate(body, scope);
    case 'BinaryOp':
      return binary(body, scope);
    case 'UnaryOp': {
      const inner = evaluate(body.expr, scope);
      if (body.op === 'Not') return typed(scope, inner.value === null ? null : !truthy(inner.value));
      if (body.op === 'Minus') return { value: arithmetic('Minus', 0, inner.value), type: inner.type };
      return inner;
    }
    case 'Subquery':
      return typed(scope, subqueryValues(body, scope)[0]?.[0] ?? null);
    case 'Cast': {
      const type = scope.env.castType(body.data_type);
      return { value: castValue(evaluate(body.expr, scope).value, type), type };
    }
    case 'Case':
      return caseWhen(body, scope);
    case 'Function':
      return functionCall(body, scope);
    default:
      return predicate(kind, body, scope);
  }
}

/** IS [NOT] NULL, IN, BETWEEN, LIKE, EXISTS. */
function predicate(kind: string, body: AstNode, scope: Scope): Typed {
  switch (kind) {
    case 'IsNull':
    case 'IsNotNull':
      return typed(scope, (evaluate(body, scope).value === null) === (kind === 'IsNull'));
    case 'IsTrue':
    case 'IsFalse':
      return typed(scope, truthy(evaluate(body, scope).value) === (kind === 'IsTrue'));
    case 'InList':
      return inList(
        body,
        scope,
        body.list.map((item: AstNode) => evaluate(item, scope).value),
      );
    case 'InUnnest': {
      const array = evaluate(body.array_expr, scope).value;
      return inList(body, scope, Array.isArray(array) ? array : []);
    }
    case 'InSubquery':
      return inList(
        body,
        scope,
        subqueryValues(body.subquery, scope).map((row) => row[0] ?? null),
      );
    case 'Between': {
      const value = evaluate(body.expr, scope).value;
      const low = compare(value, evaluate(body.low, scope).value, scope.env);
      const high = compare(value, evaluate(body.high, scope).value, scope.env);
      const inside = low === null || high === null ? null : low >= 0 && high <= 0;
      return typed(scope, inside === null ? null : body.negated ? !inside : inside);
    }
    case 'Like':
    case 'ILike': {
      const escapeChar = body.escape_char ? String(variant(body.escape_char.value ?? body.escape_char)[1]) : undefined;
      const insensitive = kind === 'ILike' || scope.env.caseInsensitive === true;
      const hit = like(evaluate(body.expr, scope).value, evaluate(body.pattern, scope).value, insensitive, escapeChar);
      return typed(scope, hit === null ? null : body.negated ? !hit : hit);
    }
    case 'Exists': {
      const found = subqueryValues(body.subquery, scope).length > 0;
      return typed(scope, body.negated ? !found : found);
    }
    default:
      throw new FakeSqlError('unsupported', kind, `The fake does not evaluate ${kind} expressions`);
  }
}
