import type { RedactionShape } from './redact.js';

/** What the scan needs of the redactor: which values it masks whole, and which strings it searches at all. */
export interface ScanRules {
  /** A key's value that is masked whole whatever it holds (a secret-named key's non-empty value). */
  masksWhole(key: string, value: unknown): boolean;
  /** Strings shorter than this are never changed. */
  minLength: number;
}

/**
 * The free text of a shaped tree (see RedactionShape), to be searched in one pass: a 5,000-table catalog holds
 * 10,000s of strings, and searching each on its own (a dozen scans per string, in code that runs once per process
 * and so never gets optimised) was most of its redaction. Undefined when the tree may change for another reason
 * than its text (a key naming a secret) or, in a part its shape does not describe, needs the full walk (an Error or
 * another class instance, a cycle). The parts the shape describes are taken by their keys, as the full walk takes
 * them (a catalog is a tree of plain objects).
 */
export function shapedText(root: Record<string, unknown>, rootShape: RedactionShape, rules: ScanRules) {
  const texts: string[] = [];
  const open = new Set<object>();

  const anyValue = (value: unknown): boolean => {
    if (typeof value === 'string') {
      if (value.length >= rules.minLength) texts.push(value);
      return true;
    }
    if (value === null || typeof value !== 'object') return true;
    if (open.has(value)) return false;
    if (Array.isArray(value)) {
      open.add(value);
      // Indexed loops: an iterator's result objects are allocated in code that is not optimised yet.
      for (let i = 0; i < value.length; i++) if (!anyValue(value[i])) return false;
      open.delete(value);
      return true;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return false;
    open.add(value);
    // Without Object.hasOwn: an inherited enumerable key (a polluted prototype) is only searched too.
    for (const key in value) {
      const inner = (value as Record<string, unknown>)[key];
      if (rules.masksWhole(key, inner) || !anyValue(inner)) return false;
    }
    open.delete(value);
    return true;
  };

  const shaped = (value: Record<string, unknown>, shape: RedactionShape): boolean => {
    for (const key in value) {
      if (shape.identifiers.has(key)) continue;
      const inner = value[key];
      const nested = shape.nested?.[key];
      // Nested objects as the full walk takes them (redact.ts walkShaped): by their keys, whatever their class.
      if (nested && Array.isArray(inner)) {
        for (let i = 0; i < inner.length; i++) {
          const item = inner[i];
          const ok = isRecord(item) ? shaped(item, nested) : anyValue(item);
          if (!ok) return false;
        }
      } else if (nested && isRecord(inner)) {
        if (!shaped(inner, nested)) return false;
      } else if (rules.masksWhole(key, inner) || !anyValue(inner)) return false;
    }
    return true;
  };

  return shaped(root, rootShape) ? texts : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Whether redacting each of `texts` would change one. Joined by newlines (`batch` texts at a time), which no URL
 * or query-parameter match crosses: every match inside one text is a match inside the joined text, so a text that
 * would change makes the joined text change. The converse can fail (a multi-line secret spanning two texts): a
 * false alarm only, answered by the full walk.
 */
export function anyTextChanges(texts: string[], redactText: (text: string) => string, batch = 2000): boolean {
  // In batches: the joined text and the copies redaction makes of it stay small (a 50,000-table catalog's free
  // text joined at once is megabytes, copied by each replace).
  for (let from = 0; from < texts.length; from += batch) {
    const joined = texts.slice(from, from + batch).join('\n');
    if (redactText(joined) !== joined) return true;
  }
  return false;
}
