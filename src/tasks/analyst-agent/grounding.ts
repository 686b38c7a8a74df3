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

/** Small counts, ordinals and calendar years are part of ordinary language ("top 3", "in 2026"): not checked. */
function isIncidental(number: StatedNumber): boolean {
  if (number.scale !== 1 || number.decimals > 0) return false;
  return Math.abs(number.value) <= 10 || (number.value >= 1900 && number.value <= 2100);
}

function matches(number: StatedNumber, candidate: number): boolean {
  const tolerance = 0.5 * 10 ** -number.decimals * Math.abs(number.scale) + 1e-9;
  const target = number.value * number.scale;
  if (Math.abs(candidate - target) <= tolerance) return true;
  // A percentage may be written from a ratio (0.125 -> 12.5%) or from a value already in percent.
  return number.scale === 0.01 && Math.abs(candidate - number.value) <= 0.5 * 10 ** -number.decimals + 1e-9;
}

/** Numbers in `answer` that no result value (nor the question) accounts for. */
export function ungroundedNumbers(answer: string, resultNumbers: readonly number[], question = ''): string[] {
  const asked = new Set(statedNumbers(question).map((number) => number.value));
  const missing: string[] = [];
  for (const number of statedNumbers(answer)) {
    if (isIncidental(number) || asked.has(number.value)) continue;
    if (!resultNumbers.some((candidate) => matches(number, candidate))) missing.push(number.text);
  }
  return [...new Set(missing)];
}
