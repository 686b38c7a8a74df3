/** The soak of bench/soak.ts at a reduced count (the full 1,000 runs: `npm run test:soak`). */
import { describe, expect, it } from 'vitest';
import { runSoak, soakProblems } from '../../bench/soak.js';

describe('soak (reduced)', () => {
  it('60 introspections at concurrency 8, 10% through faults: typed outcomes, no leak, stable heap', async () => {
    const report = await runSoak({ runs: 60, seed: 60 });
    console.log(`[reliability] soak ${JSON.stringify(report)}`);
    expect(report.ok + report.typedErrors + report.untyped).toBe(60);
    expect(report.ok).toBeGreaterThan(40);
    expect(soakProblems(report)).toEqual([]);
  }, 120_000);
});
