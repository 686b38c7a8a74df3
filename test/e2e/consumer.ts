import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const binOf = (tool: string): string => path.join(root, 'node_modules', '.bin', tool);

export interface Executed {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command as a user's shell would (no TTY), collecting its output. */
export function exec(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<Executed> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    // vitest and npm-run set these; a user's shell has none of them.
    for (const key of Object.keys(env)) if (key.startsWith('npm_') || key === 'NODE_OPTIONS') delete env[key];
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function described(result: Executed): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout.slice(-4000)}\n--- stderr\n${result.stderr.slice(-4000)}`;
}

/** npm's warnings and errors, one per line (`npm warn ...`, `npm error ...`). */
export function npmProblems(output: string, allowed: RegExp[] = []): string[] {
  return output
    .split('\n')
    .filter((line) => /^npm (warn|error|ERR!)/i.test(line))
    .filter((line) => !allowed.some((pattern) => pattern.test(line)));
}

export interface Packed {
  tarball: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: string[];
}

/** `npm pack` as a publisher runs it (prepack builds first). */
export async function packLibrary(destination: string): Promise<Packed> {
  const result = await exec('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root });
  if (result.code !== 0) throw new Error(`npm pack failed\n${described(result)}`);
  // prepack's build output comes first on stdout, with colour codes when the
  // terminal (or CI's FORCE_COLOR) asks for them; the JSON starts on a line of its own.
  const start = /^\[\s*$/m.exec(result.stdout)?.index;
  if (start === undefined) throw new Error(`npm pack printed no JSON\n${described(result)}`);
  const [info] = JSON.parse(result.stdout.slice(start)) as {
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
    files: { path: string }[];
  }[];
  if (!info) throw new Error('npm pack printed no JSON');
  return {
    tarball: path.join(destination, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    entryCount: info.entryCount,
    files: info.files.map((file) => file.path),
  };
}

/** A fresh project as `npm init -y` would make it, ESM. */
export async function createConsumer(parent: string, name: string): Promise<string> {
  const dir = await mkdtemp(path.join(parent, `${name}-`));
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: `consumer-${name}`, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  return dir;
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

export async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

export const tempRoot = (): Promise<string> => mkdtemp(path.join(os.tmpdir(), 'datatasks-e2e-'));
