/** Parses a one-dimensional PostgreSQL array literal such as {1,"a b",NULL} into strings (NULL -> null). */
export function parsePgArray(literal: string | null | undefined): Array<string | null> {
  if (!literal || literal.length < 2 || literal[0] !== '{') return [];
  const items: Array<string | null> = [];
  let index = 1;
  while (index < literal.length - 1) {
    if (literal[index] === '"') {
      let value = '';
      index++;
      while (index < literal.length && literal[index] !== '"') {
        if (literal[index] === '\\') index++;
        value += literal[index] ?? '';
        index++;
      }
      items.push(value);
      index += 2; // closing quote and the comma
    } else {
      const end = literal.indexOf(',', index);
      const stop = end === -1 ? literal.length - 1 : end;
      const raw = literal.slice(index, stop);
      items.push(raw === 'NULL' ? null : raw);
      index = stop + 1;
    }
  }
  return items;
}
