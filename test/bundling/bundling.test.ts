import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertPackagesInstalled,
  datatasksEsbuildPlugin,
  externalPackages,
  missingPackages,
  requiredPackages,
} from '../../src/bundling/index.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('datatasks/bundling', () => {
  let app: string;

  beforeAll(async () => {
    // An app folder with pg and pg-cursor "installed" and nothing else: a fake package is all resolution looks at.
    app = await mkdtemp(path.join(os.tmpdir(), 'datatasks-bundle-'));
    for (const [name, version] of [
      ['pg', '8.0.0'],
      ['pg-cursor', '2.10.0'],
    ]) {
      await mkdir(path.join(app, 'node_modules', name!), { recursive: true });
      await writeFile(path.join(app, 'node_modules', name!, 'package.json'), JSON.stringify({ name, version }));
      await writeFile(path.join(app, 'node_modules', name!, 'index.js'), 'module.exports = { fake: true };');
    }
    // The app imports the library's source entry, as it would import `datatasks`.
    await writeFile(
      path.join(app, 'app.ts'),
      `import { runIntrospection } from ${JSON.stringify(path.join(root, 'src', 'index.ts'))};\n` +
        `import pg from 'pg';\nconsole.log(typeof runIntrospection, pg);\n`,
    );
  });
  afterAll(async () => {
    await rm(app, { recursive: true, force: true });
  });

  it('names the packages an app needs, per engine and for the agent', () => {
    expect(requiredPackages({ engines: ['postgres', 'redshift', 'duckdb'] })).toEqual([
      'pg',
      'pg-cursor',
      '@duckdb/node-api',
    ]);
    expect(requiredPackages({ engines: [], agent: true })).toEqual(['@anthropic-ai/sdk', '@guanmingchiu/sqlparser-ts']);
    expect(() => requiredPackages({ engines: ['postgress' as never] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: 'Unknown engine(s): postgress' }),
    );
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    // Every optional peer is external, and nothing else is.
    expect([...externalPackages].filter((name) => name !== '@trigger.dev/core').sort()).toEqual(
      Object.keys(manifest.peerDependencies).sort(),
    );
  });

  it('finds installed packages in the app folder or a parent, as Node resolves them', async () => {
    expect(missingPackages(['pg', 'mysql2'], app)).toEqual(['mysql2']);
    // PostgreSQL needs pg-cursor beside pg (the row cap): an app with pg alone is told to install it.
    const pgOnly = await mkdtemp(path.join(os.tmpdir(), 'datatasks-pg-only-'));
    try {
      await mkdir(path.join(pgOnly, 'node_modules', 'pg'), { recursive: true });
      await writeFile(path.join(pgOnly, 'node_modules', 'pg', 'package.json'), '{"name":"pg","version":"8.0.0"}');
      expect(() => assertPackagesInstalled({ engines: ['redshift'] }, pgOnly)).toThrow(
        expect.objectContaining({
          code: 'DRIVER_NOT_INSTALLED',
          message: expect.stringContaining('npm install pg-cursor'),
        }),
      );
    } finally {
      await rm(pgOnly, { recursive: true, force: true });
    }
    const nested = path.join(app, 'dist', 'server');
    await mkdir(nested, { recursive: true });
    expect(missingPackages(['pg'], nested)).toEqual([]);
    expect(() => assertPackagesInstalled({ engines: ['postgres'] }, app)).not.toThrow();
    expect(() => assertPackagesInstalled({ engines: ['postgres', 'mysql'], agent: true }, app)).toThrow(
      expect.objectContaining({
        code: 'DRIVER_NOT_INSTALLED',
        message: expect.stringContaining('npm install mysql2 @anthropic-ai/sdk @guanmingchiu/sqlparser-ts'),
      }),
    );
  });

  it('esbuild: keeps drivers external and builds when the engines it needs are installed', async () => {
    const outfile = path.join(app, 'out', 'ok.mjs');
    const result = await build({
      entryPoints: [path.join(app, 'app.ts')],
      absWorkingDir: app,
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      plugins: [datatasksEsbuildPlugin({ engines: ['postgres'] })],
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((warning) => warning.pluginName === 'datatasks')).toEqual([]);
    const bundle = await readFile(outfile, 'utf8');
    expect(bundle).toMatch(/from "pg"/);
    expect(bundle).not.toContain('fake: true');
  });

  it('esbuild: fails the build (or warns, when asked) naming a driver that is not installed', async () => {
    const options = {
      entryPoints: [path.join(app, 'app.ts')],
      absWorkingDir: app,
      bundle: true,
      platform: 'node' as const,
      format: 'esm' as const,
      outfile: path.join(app, 'out', 'missing.mjs'),
      logLevel: 'silent' as const,
    };
    await expect(
      build({ ...options, plugins: [datatasksEsbuildPlugin({ engines: ['postgres', 'duckdb'] })] }),
    ).rejects.toMatchObject({
      errors: [
        expect.objectContaining({
          text: expect.stringMatching(/@duckdb\/node-api not installed in .*npm install @duckdb\/node-api/),
        }),
      ],
    });
    const warned = await build({
      ...options,
      plugins: [datatasksEsbuildPlugin({ engines: ['duckdb'], onMissing: 'warn' })],
    });
    expect(warned.warnings.map((warning) => warning.text)).toEqual([expect.stringContaining('@duckdb/node-api')]);
  });
});
