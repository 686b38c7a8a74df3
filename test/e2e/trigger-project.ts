/**
 * A user-shaped copy of examples/trigger: datatasks from `npm pack` of this repository, the example's own
 * dependencies installed with plain npm, built with Trigger.dev's deploy build into an image folder whose generated
 * package.json is installed the way the Containerfile does. Test code.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { packLibrary } from './consumer.js';
import { type BuildManifestLike, triggerCli, type WorkerManifestLike } from './trigger-cli.js';

const run = promisify(execFile);
export const repoRoot = path.resolve(import.meta.dirname, '../..');
const npmQuiet = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];

/** A task file the test adds to the project: journals every hook to $E2E_JOURNAL, one line each. */
const probeTasks = `import { appendFileSync } from 'node:fs';
import { defineTask } from 'datatasks';
import { toTriggerTask } from 'datatasks/runners/trigger-dev';
import { z } from 'zod';

const note = (entry: string) => appendFileSync(process.env.E2E_JOURNAL ?? '/dev/null', entry + '\\n');
const journal = (hook: string) => ({ ctx }: { ctx: { attempt: number } }) => note(hook + ':' + ctx.attempt);

export const hooksProbe = toTriggerTask(defineTask({
  id: 'e2e-hooks',
  schema: z.object({ succeedOn: z.number().int() }),
  retry: { maxAttempts: 3, minTimeoutInMs: 100, factor: 2, randomize: false },
  run: async ({ succeedOn }, ctx) => {
    note('run:' + ctx.attempt);
    if (ctx.attempt < succeedOn) throw new Error('failed attempt ' + ctx.attempt);
    return { attempt: ctx.attempt };
  },
  onStart: journal('onStart'),
  catchError: (params) => { journal('catchError')(params); return undefined; },
  onSuccess: journal('onSuccess'),
  onFailure: ({ ctx, error }) => note('onFailure:' + ctx.attempt + ':' + error.code),
  onComplete: ({ result }) => note('onComplete:' + (result.ok ? 'ok' : result.error.code)),
  cleanup: journal('cleanup'),
}));

// Ignores its signal on purpose: only the wrapper's own deadline can end it before the platform kills the process.
export const slowProbe = toTriggerTask(defineTask({
  id: 'e2e-slow',
  schema: z.object({}),
  maxDuration: 5,
  run: async (_payload, ctx) => {
    note('run:' + ctx.attempt);
    ctx.signal.addEventListener('abort', () => note('aborted:' + (ctx.signal.reason as { code?: string }).code));
    return new Promise(() => {});
  },
  onFailure: ({ ctx, error }) => note('onFailure:' + ctx.attempt + ':' + error.code),
  onComplete: ({ result }) => note('onComplete:' + (result.ok ? 'ok' : result.error.code)),
  cleanup: journal('cleanup'),
}));
`;

/** `npm pack` of this repository, as a publisher runs it (prepack builds first). */
export async function packDatatasks(into: string): Promise<string> {
  return (await packLibrary(into)).tarball;
}

export interface BuiltImage {
  projectDir: string;
  imageDir: string;
  buildManifest: BuildManifestLike;
  workerManifest: WorkerManifestLike;
  buildMs: number;
  /** The image's `npm i` of the generated package.json. */
  installMs: number;
  /** Packages npm installed into the image (node_modules entries, scoped ones counted one by one). */
  imagePackages: number;
  imageDependencies: Record<string, string>;
}

async function countPackages(modulesDir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(modulesDir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) count += (await readdir(path.join(modulesDir, entry.name))).length;
    else count++;
  }
  return count;
}

/** Copies examples/trigger, points it at the packed datatasks, adds the probe tasks and installs it. */
export async function prepareProject(
  tarball: string,
  options: { withExtension: boolean; extraFiles?: Record<string, string> },
): Promise<string> {
  const projectDir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-trigger-project-'));
  await cp(path.join(repoRoot, 'examples/trigger'), projectDir, {
    recursive: true,
    filter: (source) => !/node_modules|\.trigger/.test(path.relative(repoRoot, source)),
  });
  const manifestPath = path.join(projectDir, 'package.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, Record<string, string>>;
  manifest.dependencies!.datatasks = `file:${tarball}`;
  // The CLI under test is this repository's pinned trigger.dev; the project needs no dev tools installed.
  delete manifest.devDependencies;
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
  await writeFile(path.join(projectDir, 'src/trigger/e2e-probe.ts'), probeTasks);
  for (const [file, contents] of Object.entries(options.extraFiles ?? {})) {
    await writeFile(path.join(projectDir, file), contents);
  }
  if (!options.withExtension) {
    const configPath = path.join(projectDir, 'trigger.config.ts');
    const config = await readFile(configPath, 'utf8');
    const stripped = config
      .replace(/^import \{ datatasksExtension \}.*\n/m, '')
      .replace(/build: \{ extensions: \[datatasksExtension\([^)]*\)\] \},/, 'build: {},');
    if (stripped === config || stripped.includes('datatasksExtension'))
      throw new Error('could not remove the extension');
    await writeFile(configPath, stripped);
  }
  await run('npm', ['install', ...npmQuiet], { cwd: projectDir, maxBuffer: 64 * 1024 * 1024 });
  return projectDir;
}

/** Trigger.dev's deploy build of the project, the image's npm install, then the image's index step. */
export async function buildImage(projectDir: string, env: Record<string, string>): Promise<BuiltImage> {
  const imageDir = await mkdtemp(path.join(os.tmpdir(), 'datatasks-trigger-image-'));
  const started = Date.now();
  const resolvedConfig = await triggerCli.loadConfig(projectDir);
  const buildManifest = await triggerCli.buildWorker({
    target: 'deploy',
    environment: 'prod',
    destination: imageDir,
    resolvedConfig,
    rewritePaths: false,
    plain: true,
  });
  const buildMs = Date.now() - started;
  // What the generated Containerfile runs in /app.
  const installStarted = Date.now();
  await run('npm', ['i', '--no-save', '--no-package-lock', ...npmQuiet], { cwd: imageDir, maxBuffer: 64 << 20 });
  const installMs = Date.now() - installStarted;
  const imageDependencies = (
    JSON.parse(await readFile(path.join(imageDir, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    }
  ).dependencies;
  const workerManifest = await triggerCli.indexWorkerManifest({
    runtime: buildManifest.runtime,
    indexWorkerPath: buildManifest.indexWorkerEntryPoint,
    buildManifestPath: path.join(imageDir, 'build.json'),
    nodeOptions: buildManifest.loaderEntryPoint ? `--import=${buildManifest.loaderEntryPoint}` : undefined,
    env,
    cwd: imageDir,
    otelHookInclude: buildManifest.otelImportHook?.include,
    otelHookExclude: buildManifest.otelImportHook?.exclude,
  });
  // The managed worker reads ./index.json, as in the image.
  await writeFile(path.join(imageDir, 'index.json'), JSON.stringify(workerManifest));
  return {
    projectDir,
    imageDir,
    buildManifest,
    workerManifest,
    buildMs,
    installMs,
    imagePackages: await countPackages(path.join(imageDir, 'node_modules')),
    imageDependencies,
  };
}

export async function removeAll(...dirs: Array<string | undefined>): Promise<void> {
  await Promise.all(dirs.map((dir) => (dir ? rm(dir, { recursive: true, force: true }) : undefined)));
}
