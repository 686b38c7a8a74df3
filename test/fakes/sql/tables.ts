/** The tables a parsed statement names, subqueries included: how a fake tells catalog statements from the rest. */
import type { Ident } from './model.js';
import { type AstNode, variant } from './parse.js';

export function namedTables(node: AstNode, found: Ident[][] = []): Ident[][] {
  if (node === null || typeof node !== 'object') return found;
  if (Array.isArray(node)) {
    for (const item of node) namedTables(item, found);
    return found;
  }
  if (node.Table && Array.isArray(node.Table.name)) found.push(node.Table.name.map((p: AstNode) => variant(p)[1]));
  for (const value of Object.values(node)) namedTables(value, found);
  return found;
}
