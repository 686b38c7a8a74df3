/** The bench's report: ratios to the floor, and datatasks' runs again without the package import. */
import { describe, expect, it } from 'vitest';
import { interleavedTable, type ToolRuns } from '../../bench/interleaved.js';

describe('interleaved bench table', () => {
  it('gives min / median ratios to the floor and a row without the import for tools that report it', () => {
    const rows: ToolRuns[] = [
      { tool: 'floor', wallMs: [400, 500, 420], peakRssMiB: [80, 82, 81], importMs: [], statements: 1 },
      {
        tool: 'datatasks',
        wallMs: [600, 800, 700],
        peakRssMiB: [120, 110, 115],
        importMs: [80, 100, 60],
        statements: 20,
      },
    ];
    const lines = interleavedTable('PostgreSQL, 5,000 tables', rows, { floor: 'floor query' }).split('\n');
    expect(lines).toContain('| floor query | 0.40 / 0.42 s | 1.00x / 1.00x | 80 / 81 MiB | 1.00x / 1.00x | 1 |');
    expect(lines).toContain('| datatasks | 0.60 / 0.70 s | 1.50x / 1.67x | 110 / 115 MiB | 1.38x / 1.42x | 20 |');
    // Per run: 520, 700, 640 ms.
    expect(lines).toContain(
      '| datatasks, without the package import | 0.52 / 0.64 s | 1.30x / 1.52x | import 60 / 80 ms | | |',
    );
    expect(lines.filter((line) => line.includes('without the package import'))).toHaveLength(1);
  });
});
