import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { agentPackages, type BundledEngine, driverPackages } from '../../bundling/deployment.js';

// One list of lazily imported packages (`import(name)`, invisible to Trigger.dev's bundler), shared with
// `datatasks/bundling`: a Trigger.dev image and a bundled app need the same ones.
export { agentPackages, driverPackages as enginePackages } from '../../bundling/deployment.js';
export type DatatasksEngine = BundledEngine;

export interface DatatasksBuildOptions {
  /** Engines the project's data sources use; their drivers go into the image. */
  engines: readonly DatatasksEngine[];
  /** The project runs the analyst agent: adds the Anthropic SDK and the SQL parser. @default false */
  agent?: boolean;
  /** Further packages to add, e.g. `['pg-native']`. @default [] */
  packages?: readonly string[];
  /** A package the project has not installed fails the deploy build ('error') or only warns ('warn'). @default 'error' */
  onMissing?: 'error' | 'warn';
}

/** The parts of Trigger.dev's BuildContext this extension uses (structural, so no import of @trigger.dev/core). */
interface BuildContextLike {
  target: 'dev' | 'deploy' | 'unmanaged' | string;
  workingDir: string;
  logger: { debug(...args: unknown[]): void; warn(...args: unknown[]): void };
  addLayer(layer: { id: string; dependencies?: Record<string, string> }): void;
  resolvePath(specifier: string): Promise<string | undefined>;
}

/** A Trigger.dev build extension (`build.extensions` in trigger.config.ts). */
export interface DatatasksBuildExtension {
  name: string;
  externalsForTarget(target: string): string[] | undefined;
  installedPackagesForTarget(target: string): string[] | undefined;
  onBuildStart(context: BuildContextLike): Promise<void>;
}

/** The packages an option set needs, deduplicated, in a stable order. */
export function datatasksPackages(options: DatatasksBuildOptions): string[] {
  const names = new Set<string>();
  for (const engine of options.engines) {
    const drivers = Object.hasOwn(driverPackages, engine) ? driverPackages[engine] : undefined;
    if (!drivers) {
      const known = Object.keys(driverPackages).join(', ');
      throw new TypeError(`datatasksExtension: unknown engine "${String(engine)}"; use one of ${known}`);
    }
    for (const name of drivers) names.add(name);
  }
  if (options.agent) for (const name of agentPackages) names.add(name);
  for (const name of options.packages ?? []) names.add(name);
  return [...names];
}

/** The installed version of `name` as the project resolves it: the package.json above its entry file. */
async function installedVersion(context: BuildContextLike, name: string): Promise<string | undefined> {
  const entry = await context.resolvePath(name);
  if (!entry) return undefined;
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name) return manifest.version;
    } catch {
      // No package.json at this level: keep walking up.
    }
  }
  return undefined;
}

/**
 * Puts the drivers of the named engines (and, for the agent, the Anthropic SDK and the SQL parser) into the deployed
 * image, at the versions the project has installed. datatasks imports them lazily, so without this the image's
 * package.json lists none of them and every run fails with DRIVER_NOT_INSTALLED. A package the project has not
 * installed fails the deploy build with the npm command that fixes it.
 *
 * ```ts
 * build: { extensions: [datatasksExtension({ engines: ['postgres', 'duckdb'], agent: true })] }
 * ```
 */
export function datatasksExtension(options: DatatasksBuildOptions): DatatasksBuildExtension {
  const packages = datatasksPackages(options);
  const onMissing = options.onMissing ?? 'error';
  return {
    name: 'datatasks',
    // Bundling a driver (native bindings, WebAssembly, package-relative files) breaks it: keep it external.
    externalsForTarget: () => packages,
    installedPackagesForTarget: (target) => (target === 'deploy' ? packages : []),
    async onBuildStart(context) {
      if (context.target !== 'deploy') return;
      const dependencies: Record<string, string> = {};
      const missing: string[] = [];
      for (const name of packages) {
        const version = await installedVersion(context, name);
        if (version) dependencies[name] = version;
        else missing.push(name);
      }
      if (missing.length > 0) {
        const message =
          `datatasks: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not installed in ` +
          `${context.workingDir}, so the image would lack ${missing.length === 1 ? 'it' : 'them'} and every run ` +
          `needing ${missing.length === 1 ? 'it' : 'them'} would fail. Run: npm install ${missing.join(' ')}`;
        if (onMissing === 'error') throw new Error(message);
        context.logger.warn(`WARNING ${message}`);
      }
      context.logger.debug('[datatasks] image dependencies', dependencies);
      context.addLayer({ id: 'datatasks', dependencies });
    },
  };
}
