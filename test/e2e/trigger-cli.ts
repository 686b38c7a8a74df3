/**
 * Trigger.dev's own CLI code (the pinned `trigger.dev` devDependency, the version of @trigger.dev/sdk): its deploy
 * build, the image's index step and the run worker driver. The package exports only its bin, so the modules are
 * loaded by file path. Test code.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const cliRoot = path.dirname(createRequire(import.meta.url).resolve('trigger.dev/package.json'));
const load = <T>(file: string): Promise<T> => import(pathToFileURL(path.join(cliRoot, 'dist/esm', file)).href);

// biome-ignore lint/suspicious/noExplicitAny: the CLI's internal modules carry their own (unexported) types
type Any = any;

export interface BuildManifestLike {
  runtime: string;
  contentHash: string;
  indexWorkerEntryPoint: string;
  loaderEntryPoint?: string;
  externals?: Array<{ name: string; version: string }>;
  otelImportHook?: { include?: string[]; exclude?: string[] };
}

export interface WorkerManifestLike {
  tasks: Array<{ id: string; filePath: string; retry?: unknown; maxDuration?: number; machine?: unknown }>;
  [key: string]: unknown;
}

export const triggerCli = {
  root: cliRoot,
  loadConfig: async (cwd: string): Promise<Any> => (await load<Any>('config.js')).loadConfig({ cwd }),
  buildWorker: async (options: Any): Promise<BuildManifestLike> =>
    (await load<Any>('build/buildWorker.js')).buildWorker(options),
  indexWorkerManifest: async (options: Any): Promise<WorkerManifestLike> =>
    (await load<Any>('indexing/indexWorkerManifest.js')).indexWorkerManifest(options),
  TaskRunProcess: async (): Promise<Any> => (await load<Any>('executions/taskRunProcess.js')).TaskRunProcess,
  version: async (): Promise<string> => (await load<{ VERSION: string }>('version.js')).VERSION,
  /** The CLI relays everything the worker prints to its logger; the tests read the worker's output directly. */
  quiet: async (): Promise<void> => {
    (await load<Any>('utilities/logger.js')).logger.loggerLevel = 'warn';
  },
};
