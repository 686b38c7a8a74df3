/**
 * Whole-process measurements, interleaved: every run starts one child process per tool (bench/children), in an
 * order rotated from run to run, so load from other work on the machine spreads over all tools alike. Reports wall
 * time from spawn to exit and the child's peak RSS, min and median, as ratios to the first tool (the floor).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'children', 'introspect.mjs');

export interface ToolRuns {
  tool: string;
  wallMs: number[];
  peakRssMiB: number[];
  /** datatasks only: how long importing the package took in each run (a fixed cost per process). */
  importMs: number[];
  statements?: number;
}

interface ChildRun {
  wallMs: number;
  peakRssMiB: number;
  statements: number;
  importMs?: number;
}

function runChild(tool: string, config: unknown): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const process_ = spawn(process.execPath, [child, tool, JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    process_.stdout.on('data', (chunk) => (out += chunk));
    process_.stderr.on('data', (chunk) => (err += chunk));
    process_.on('error', reject);
    process_.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${tool} exited with ${code}: ${err.slice(0, 2000)}`));
      const result = JSON.parse(out.trim().split('\n').pop()!) as {
        statements: number;
        maxRssKiB: number;
        importMs?: number;
      };
      resolve({
        wallMs,
        peakRssMiB: result.maxRssKiB / 1024,
        statements: result.statements,
        importMs: result.importMs,
      });
    });
  });
}

/** `runs` rounds (after one unrecorded warm-up round) of every tool, each in a fresh process. */
export async function interleaved(tools: string[], runs: number, config: unknown): Promise<ToolRuns[]> {
  const results = tools.map((tool): ToolRuns => ({ tool, wallMs: [], peakRssMiB: [], importMs: [] }));
  for (let round = -1; round < runs; round++) {
    const order = results.map((_, i) => results[(i + Math.max(0, round)) % results.length]!);
    for (const entry of order) {
      const run = await runChild(entry.tool, config);
      if (round < 0) continue;
      entry.wallMs.push(run.wallMs);
      entry.peakRssMiB.push(run.peakRssMiB);
      if (run.importMs !== undefined) entry.importMs.push(run.importMs);
      entry.statements = run.statements;
    }
  }
  return results;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const min = (values: number[]) => sorted(values)[0]!;
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

/** `min / median s` and their ratios to the floor's. */
function wallCells(wallMs: number[], floorMs: number[]): string {
  const wall = `${(min(wallMs) / 1000).toFixed(2)} / ${(median(wallMs) / 1000).toFixed(2)} s`;
  return `${wall} | ${ratio(min(wallMs), min(floorMs))} / ${ratio(median(wallMs), median(floorMs))}`;
}

/**
 * A markdown table; ratios are to the first row (min to min, median to median). A datatasks row is followed by the
 * same runs without the package's import (zod included), the fixed cost a long-running worker pays once.
 */
export function interleavedTable(title: string, rows: ToolRuns[], labels: Record<string, string>): string {
  const floor = rows[0]!;
  const lines = [
    `### ${title}`,
    '',
    `Whole process per run, ${floor.wallMs.length} interleaved runs per tool (min / median); ratios to ${labels[floor.tool] ?? floor.tool}.`,
    '',
    '| tool | wall time | vs floor | peak RSS | vs floor | statements |',
    '|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const rss = `${min(row.peakRssMiB).toFixed(0)} / ${median(row.peakRssMiB).toFixed(0)} MiB`;
    const rssRatio = `${ratio(min(row.peakRssMiB), min(floor.peakRssMiB))} / ${ratio(median(row.peakRssMiB), median(floor.peakRssMiB))}`;
    const label = labels[row.tool] ?? row.tool;
    lines.push(
      `| ${label} | ${wallCells(row.wallMs, floor.wallMs)} | ${rss} | ${rssRatio} | ${row.statements ?? ''} |`,
    );
    if (row.importMs.length === row.wallMs.length) {
      const imported = row.wallMs.map((wall, i) => wall - row.importMs[i]!);
      const importCell = `import ${min(row.importMs).toFixed(0)} / ${median(row.importMs).toFixed(0)} ms`;
      lines.push(`| ${label}, without the package import | ${wallCells(imported, floor.wallMs)} | ${importCell} | | |`);
    }
  }
  return lines.join('\n');
}
