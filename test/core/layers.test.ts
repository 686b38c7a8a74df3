/**
 * The layers of src/ point one way: core <- catalog <- adapters <- sql/tasks, core <- runners. Entry points (index,
 * cli, demo, run-introspection) may compose anything. Read from the import statements themselves.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');

/** Which top-level folders each layer may import from. */
const allowed: Record<string, string[]> = {
  core: [],
  catalog: ['core'],
  bundling: ['core'],
  adapters: ['core', 'catalog'],
  sql: ['core', 'catalog'],
  tasks: ['core', 'catalog', 'adapters', 'sql'],
  runners: ['core', 'bundling'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Top-level folder of a path under src/ (files directly in src/ are entry points). */
const layerOf = (file: string): string => {
  const relative = path.relative(src, file).split(path.sep);
  return relative.length > 1 ? relative[0]! : '(entry)';
};

function crossings(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(src)) {
    const layer = layerOf(file);
    const permitted = allowed[layer];
    if (!permitted) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
      const target = layerOf(path.resolve(path.dirname(file), match[1]!));
      if (target !== layer && !permitted.includes(target)) {
        found.push(`${path.relative(src, file)} -> ${match[1]} (${layer} may not import ${target})`);
      }
    }
  }
  return found;
}

describe('layers', () => {
  it('no module imports from a layer above its own', () => {
    expect(crossings()).toEqual([]);
  });

  it('the check sees a crossing (it is not vacuous)', () => {
    // core/errors.ts is the bottom layer; pretend it is in catalog's place and that catalog allowed nothing.
    const saved = allowed.catalog;
    allowed.catalog = [];
    try {
      expect(crossings().some((line) => line.startsWith('catalog/'))).toBe(true);
    } finally {
      allowed.catalog = saved!;
    }
  });
});
