import path from 'node:path';
import { type DeploymentNeeds, externalPackages, missingPackages, requiredPackages } from './deployment.js';

/** The part of esbuild's plugin API used here (structural: datatasks does not depend on esbuild). */
export interface EsbuildPluginBuild {
  initialOptions: { absWorkingDir?: string };
  onStart(callback: () => { errors?: { text: string }[]; warnings?: { text: string }[] } | undefined): void;
  onResolve(
    options: { filter: RegExp },
    callback: (args: { path: string }) => { path: string; external: boolean } | undefined,
  ): void;
}

export interface EsbuildPlugin {
  name: string;
  setup(build: EsbuildPluginBuild): void;
}

export interface DatataskEsbuildOptions extends DeploymentNeeds {
  /** A required package missing at build time fails the build ('error') or only warns ('warn'). @default 'error' */
  onMissing?: 'error' | 'warn';
  /** Where the deployed app's node_modules will be. @default esbuild's absWorkingDir, else the current directory */
  directory?: string;
}

const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * esbuild plugin for apps that bundle datatasks: keeps every package datatasks imports at run time external (see
 * `externalPackages`), and checks at build time that the packages the app's engines need are installed, so a bundle
 * cannot silently ship without its drivers.
 */
export function datatasksEsbuildPlugin(options: DatataskEsbuildOptions): EsbuildPlugin {
  const required = requiredPackages(options);
  const filter = new RegExp(`^(${externalPackages.map(escapeRegExp).join('|')})(/.*)?$`);
  return {
    name: 'datatasks',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, external: true }));
      build.onStart(() => {
        const directory = path.resolve(options.directory ?? build.initialOptions.absWorkingDir ?? process.cwd());
        const missing = missingPackages(required, directory);
        if (missing.length === 0) return undefined;
        const text =
          `datatasks: ${missing.join(', ')} not installed in ${directory}. These stay outside the bundle and are ` +
          `imported at run time (the app would fail with DRIVER_NOT_INSTALLED): npm install ${missing.join(' ')}, ` +
          'and deploy node_modules with the bundle.';
        return options.onMissing === 'warn' ? { warnings: [{ text }] } : { errors: [{ text }] };
      });
    },
  };
}
