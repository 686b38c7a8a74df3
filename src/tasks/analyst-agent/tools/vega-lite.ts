import { typeFamily } from '../../../catalog/type-family.js';
import type { ToolInput } from './definitions.js';

function fieldType(
  nativeType: string | undefined,
  rows: Record<string, unknown>[],
  field: string,
): 'temporal' | 'quantitative' | 'nominal' {
  const family = nativeType ? typeFamily(nativeType) : 'other';
  if (family === 'date' || family === 'timestamp') return 'temporal';
  if (family === 'integer' || family === 'decimal' || family === 'float') return 'quantitative';
  const sample = rows.find((row) => row[field] !== null && row[field] !== undefined)?.[field];
  if (typeof sample === 'number') return 'quantitative';
  if (typeof sample === 'string' && /^\d{4}-\d{2}-\d{2}/.test(sample)) return 'temporal';
  return 'nominal';
}

/** A Vega-Lite v5 spec bound to a metric's rows. */
export function vegaLiteSpec(
  input: ToolInput<'create_chart'>,
  columns: Array<{ name: string; type: string }>,
  rows: Record<string, unknown>[],
): Record<string, unknown> {
  const typeOf = (field: string) => fieldType(columns.find((column) => column.name === field)?.type, rows, field);
  const color = input.color ? { color: { field: input.color, type: 'nominal' } } : {};
  const encoding =
    input.mark === 'arc'
      ? { theta: { field: input.y, type: 'quantitative' }, color: { field: input.x, type: 'nominal' } }
      : {
          x: { field: input.x, type: typeOf(input.x), ...(typeOf(input.x) === 'nominal' ? { sort: '-y' } : {}) },
          y: { field: input.y, type: 'quantitative' },
          ...color,
        };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: input.title,
    data: { values: rows },
    mark: { type: input.mark, tooltip: true },
    encoding,
  };
}
