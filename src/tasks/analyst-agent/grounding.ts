/**
 * Checks that the numbers an answer states come from query results. A stated number is grounded when a result
 * value rounds to it at the precision it was written with (so "1.2 million" or "12.5%" match 1,234,567 or 0.125).
 */
export interface StatedNumber {
  text: string;
  value: number;
  decimals: number;
  scale: number;
}

const numberPattern = /(?<![\w.])-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])-?\d+(?:\.\d+)?/g;
const scaleWords: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
};

export function statedNumbers(text: string): StatedNumber[] {
  const found: StatedNumber[] = [];
  for (const match of text.matchAll(numberPattern)) {
    const raw = match[0];
    const value = Number(raw.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    const after = text.slice((match.index ?? 0) + raw.length, (match.index ?? 0) + raw.length + 10).toLowerCase();
    const word = /^\s?(thousand|million|billion|mn|bn|k|m|b)\b/.exec(after)?.[1];
    const percent = /^\s?%/.test(after);
    const decimals = raw.includes('.') ? raw.split('.')[1]!.length : 0;
    found.push({ text: raw, value, decimals, scale: word ? scaleWords[word]! : percent ? 0.01 : 1 });
  }
  return found;
}

function matches(number: StatedNumber, candidate: number): boolean {
  const tolerance = 0.5 * 10 ** -number.decimals * Math.abs(number.scale) + 1e-9;
  const target = number.value * number.scale;
  if (Math.abs(candidate - target) <= tolerance) return true;
  // A percentage may be written from a ratio (0.125 -> 12.5%) or from a value already in percent.
  return number.scale === 0.01 && Math.abs(candidate - number.value) <= 0.5 * 10 ** -number.decimals + 1e-9;
}

/** A query result exactly as the model was shown it (the rows of the tool result, not the rows kept). */
export interface ShownResult {
  artifactId: string;
  sql: string;
  rows: Record<string, unknown>[];
  /** Whether the rows shown are all the result has (then their count is a figure too). */
  complete: boolean;
}

const numericText = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
const dateText = /^(\d{4})-\d{2}-\d{2}/;

/** The numbers a cell holds: numbers, bigints, numeric strings (DECIMAL), and the year of a date. */
function cellNumbers(value: unknown): number[] {
  if (typeof value === 'number' && Number.isFinite(value)) return [value];
  if (typeof value === 'bigint') return [Number(value)];
  if (typeof value === 'string') {
    const text = value.trim();
    if (numericText.test(text)) return [Number(text)];
    const year = dateText.exec(text)?.[1];
    if (year) return [Number(year)];
  }
  return [];
}

/** Number literals of a query's text (LIMIT 5, year = 2026, > 250): the query states them. */
function sqlNumbers(sql: string): number[] {
  return [...sql.matchAll(/(?<![\w.])\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));
}

/** A list marker ("1." or "2)" at the start of a line) numbers the answer's lines, it states nothing. */
function isListMarker(answer: string, index: number, text: string): boolean {
  const lineStart = answer.lastIndexOf('\n', index - 1) + 1;
  return (
    /^\s*$/.test(answer.slice(lineStart, index)) &&
    /^[.)]\s/.test(answer.slice(index + text.length, index + text.length + 2))
  );
}

export interface NumberTrace {
  number: string;
  value: number;
  artifactId: string;
  sql: string;
  row?: number;
  column?: string;
  source: 'cell' | 'sql' | 'rowCount';
}

function findTrace(number: StatedNumber, shown: readonly ShownResult[]): NumberTrace | undefined {
  const base = { number: number.text, value: number.value * number.scale };
  for (const result of shown) {
    for (const [row, cells] of result.rows.entries()) {
      for (const [column, value] of Object.entries(cells)) {
        if (cellNumbers(value).some((candidate) => matches(number, candidate)))
          return { ...base, artifactId: result.artifactId, sql: result.sql, row, column, source: 'cell' };
      }
    }
  }
  for (const result of shown) {
    if (result.complete && matches(number, result.rows.length))
      return { ...base, artifactId: result.artifactId, sql: result.sql, source: 'rowCount' };
    if (sqlNumbers(result.sql).some((candidate) => matches(number, candidate)))
      return { ...base, artifactId: result.artifactId, sql: result.sql, source: 'sql' };
  }
  return undefined;
}

/**
 * Traces each number of `answer` to a cell of a result the model was shown (rows it never saw do not count), else to
 * the row count of a complete result or a literal of a query it ran. Numbers the question states, and list markers,
 * need no source. Returns the traces and the numbers no source accounts for.
 */
export function traceNumbers(
  answer: string,
  shown: readonly ShownResult[],
  question = '',
): { traces: NumberTrace[]; ungrounded: string[] } {
  const asked = new Set(statedNumbers(question).map((number) => number.value));
  const traces: NumberTrace[] = [];
  const ungrounded = new Set<string>();
  // A date is one figure, not three numbers: it must appear in a shown cell, a query, or the question.
  for (const date of answer.match(answerDate) ?? []) {
    if (!question.includes(date) && !shown.some((result) => mentionsDate(result, date))) ungrounded.add(date);
  }
  const text = answer.replace(answerDate, (date) => ' '.repeat(date.length));
  for (const match of text.matchAll(numberPattern)) {
    if (isListMarker(text, match.index ?? 0, match[0])) continue;
    const [number] = statedNumbers(text.slice(match.index ?? 0, (match.index ?? 0) + match[0].length + 10));
    if (!number || asked.has(number.value)) continue;
    const trace = findTrace(number, shown);
    if (trace) traces.push(trace);
    else ungrounded.add(number.text);
  }
  return { traces, ungrounded: [...ungrounded] };
}

/** ISO dates and times (2026-03-01, 2026-03-01 14:30) written in an answer. */
const answerDate = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b/g;

function mentionsDate(result: ShownResult, date: string): boolean {
  const day = date.slice(0, 10);
  if (result.sql.includes(day)) return true;
  return result.rows.some((row) =>
    Object.values(row).some(
      (value) => typeof value === 'string' && value.replace('T', ' ').startsWith(date.replace('T', ' ')),
    ),
  );
}

/** Numbers in `answer` that no shown result (nor the question) accounts for. */
export function ungroundedNumbers(answer: string, shown: readonly ShownResult[], question = ''): string[] {
  return traceNumbers(answer, shown, question).ungrounded;
}

const quantitative =
  /\b(how (many|much|often|long)|total|sum|average|avg|mean|median|count|number of|percent(age)?|share|ratio|rate|proportion|revenue|growth|increase|decrease)\b/i;

/**
 * Whether a question asks for a figure, so an answer without a grounded number cannot stand. "Which customer spent
 * the most?" asks for an entity, not a figure: superlatives alone do not count.
 */
export function isQuantitativeQuestion(question: string): boolean {
  return quantitative.test(question);
}
