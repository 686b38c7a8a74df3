import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type CliIo, runCli } from '../../src/cli/run-cli.js';
import { ensureDemoDatabase } from '../../src/demo/demo-database.js';

export interface CapturedStream {
  write(text: string): boolean;
  isTTY: boolean;
  text: string;
}

export function capture(isTTY = false): CapturedStream {
  const stream: CapturedStream = {
    isTTY,
    text: '',
    write(text: string) {
      stream.text += text;
      return true;
    },
  };
  return stream;
}

/** What a terminal shows: each `\r` (and erase-line) redraws the current line; `\n` ends it. */
export function visibleLines(raw: string): string[] {
  return raw
    .split('\n')
    .map((line) => line.split('\r').at(-1)?.replaceAll('\x1b[2K', '') ?? '')
    .filter((line) => line.trim() !== '');
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli in this process, as the bin calls it, with captured streams (stderr a TTY when asked). */
export async function runCliCaptured(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; tty?: boolean; signal?: AbortSignal } = {},
): Promise<CliRun & { stderrRaw: string }> {
  const stdout = capture(false);
  const stderr = capture(options.tty ?? false);
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? {},
    version: '0.0.0-test',
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text, stderrRaw: stderr.text };
}

/** A private copy of the demo shop, addressed by a `duckdb:` URL (no shared `.datatasks` in the repository). */
export async function demoUrl(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-cli-demo-'));
  const file = path.join(dir, 'demo.duckdb');
  await ensureDemoDatabase({ file });
  return `duckdb:${file}`;
}
