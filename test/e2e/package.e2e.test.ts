import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureDatabase, sharedServer, type TestDatabase } from '../helpers/pg.js';
import {
  binOf,
  createConsumer,
  described,
  exec,
  npmProblems,
  type Packed,
  packLibrary,
  readJson,
  root,
  tempRoot,
  writeFiles,
} from './consumer.js';

interface Manifest {
  exports: Record<string, unknown>;
  peerDependencies: Record<string, string>;
}

/** A strict consumer's tsconfig: what `tsc --init` users pick, and nothing that hides errors in our d.ts. */
const strictTsconfig = (files: string[]) =>
  `${JSON.stringify(
    {
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        types: ['node'],
      },
      files,
    },
    null,
    2,
  )}\n`;

/** Imports every subpath, value and type, so each d.ts is loaded and checked. */
function importEverySubpath(subpaths: string[], style: 'esm' | 'cjs'): string {
  const lines = subpaths.map((subpath, index) =>
    style === 'esm' ? `import * as m${index} from '${subpath}';` : `import m${index} = require('${subpath}');`,
  );
  lines.push(`export const loaded: unknown[] = [${subpaths.map((_, index) => `m${index}`).join(', ')}];`);
  return `${lines.join('\n')}\n`;
}

interface Snippet {
  code: string;
  line: number;
  typecheckOnly: boolean;
}

/** The README's ```ts blocks; `<!-- readme-test: typecheck-only ... -->` just above one means: compile, do not run. */
function readmeSnippets(readme: string): Snippet[] {
  return [...readme.matchAll(/(<!-- readme-test: typecheck-only[^>]*-->\n)?```ts\n([\s\S]*?)```/g)].map((match) => ({
    code: match[2] ?? '',
    line: readme.slice(0, match.index).split('\n').length + (match[1] ? 1 : 0),
    typecheckOnly: Boolean(match[1]),
  }));
}

describe('the package as packed and installed with plain npm', () => {
  let work: string;
  let packed: Packed;
  let consumer: string;
  let manifest: Manifest;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    work = await tempRoot();
    packed = await packLibrary(work);
    manifest = await readJson<Manifest>(path.join(root, 'package.json'));
    console.info(`tarball ${packed.size} bytes packed, ${packed.unpackedSize} unpacked, ${packed.entryCount} files`);
    consumer = await createConsumer(work, 'app');
  });
  afterAll(async () => {
    await database?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships what the package needs and nothing else', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/cli.js']));
    expect(packed.files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(
      packed.files.filter(
        (file) => !/^(dist\/|examples\/demo-warehouse\.sql$|[A-Z]+\.md$|LICENSE$|package\.json$)/.test(file),
      ),
    ).toEqual([]);
  });

  it('installs next to zod, pg, pg-cursor and DuckDB with plain `npm install`, without a peer warning', async () => {
    const install = await exec('npm', ['install', packed.tarball, 'zod', 'pg', 'pg-cursor', '@duckdb/node-api'], {
      cwd: consumer,
    });
    expect(install.code, described(install)).toBe(0);
    // npm 11 lists packages with install scripts it did not run; none of these four has one.
    expect(npmProblems(install.stderr), described(install)).toEqual([]);
    for (const name of ['datatasks', 'zod', 'pg', 'pg-cursor', '@duckdb/node-api']) {
      expect(existsSync(path.join(consumer, 'node_modules', name, 'package.json')), name).toBe(true);
    }
  });

  it('runs `npx datatasks introspect` on the bundled demo', async () => {
    const result = await exec('npx', ['datatasks', 'introspect'], { cwd: consumer });
    expect(result.code, described(result)).toBe(0);
    expect(result.stdout).toMatch(/customers \[table\] 5 columns/);
    expect(result.stdout).toMatch(/orders \[table\] 4 columns, 1 fk/);
    const version = await exec('npx', ['datatasks', '--version'], { cwd: consumer });
    expect(version.stdout.trim()).toBe((await readJson<{ version: string }>(path.join(root, 'package.json'))).version);
  });

  it('gives errors one identity across the CommonJS and ESM builds loaded in one process', async () => {
    await writeFiles(consumer, {
      'identity.mjs': `import { createRequire } from 'node:module';
import * as esm from 'datatasks';
const cjs = createRequire(import.meta.url)('datatasks');
if (cjs.DatataskError === esm.DatataskError) throw new Error('one build loaded twice: nothing to check');
const fromCjs = new cjs.ValidationError('payload', [{ path: 'a', message: 'bad', code: 'x' }]);
const fromEsm = new esm.TimeoutError('slow');
console.log(JSON.stringify([
  esm.isDatataskError(fromCjs), fromCjs instanceof esm.ValidationError, fromCjs instanceof esm.DatataskError,
  cjs.isDatataskError(fromEsm), fromEsm instanceof cjs.TimeoutError, fromEsm instanceof cjs.ValidationError,
]));
`,
    });
    const result = await exec(process.execPath, ['identity.mjs'], { cwd: consumer });
    expect(result.code, described(result)).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([true, true, true, true, true, false]);
  });

  it('compiles a strict nodenext project importing every subpath with skipLibCheck: false (ESM and CJS)', async () => {
    // What a TypeScript app has anyway, and esbuild for the README's bundling example.
    const tools = await exec('npm', ['install', '--save-dev', 'typescript@5.9', '@types/node@20', 'esbuild'], {
      cwd: consumer,
    });
    expect(tools.code, described(tools)).toBe(0);
    // Every subpath but the Trigger.dev and BullMQ runners, whose types are their engine's own: checked below with
    // the engine installed (a user of those subpaths has it).
    const subpaths = Object.keys(manifest.exports)
      .filter((key) => !['./package.json', './runners/trigger-dev', './runners/bullmq'].includes(key))
      .map((key) => `datatasks${key.slice(1)}`);
    expect(subpaths.length).toBeGreaterThanOrEqual(11);
    await writeFiles(consumer, {
      'strict/esm.mts': importEverySubpath(subpaths, 'esm'),
      'strict/cjs.cts': importEverySubpath(subpaths, 'cjs'),
      'strict/tsconfig.json': strictTsconfig(['esm.mts', 'cjs.cts']),
    });
    const tsc = path.join(consumer, 'node_modules', '.bin', 'tsc');
    const compiled = await exec(tsc, ['-p', 'strict/tsconfig.json'], { cwd: consumer });
    expect(compiled.code, described(compiled)).toBe(0);

    const sdk = await exec('npm', ['install', '@trigger.dev/sdk', 'bullmq'], { cwd: consumer });
    expect(sdk.code, described(sdk)).toBe(0);
    await writeFiles(consumer, {
      'strict/trigger.mts': importEverySubpath(['datatasks/runners/trigger-dev', 'datatasks/runners/bullmq'], 'esm'),
      'strict/tsconfig.trigger.json': strictTsconfig(['trigger.mts']),
    });
    const withSdk = await exec(tsc, ['-p', 'strict/tsconfig.trigger.json'], { cwd: consumer });
    // The SDK's own d.ts do not pass skipLibCheck: false (they import esbuild, ai, defu... types it does not
    // install): only errors in our files count here, and there must be none.
    const errors = withSdk.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(
      errors.filter((line) => !/^node_modules\/(@trigger\.dev|bullmq|ioredis)\//.test(line)),
      described(withSdk),
    ).toEqual([]);
  });

  it("runs the README's TypeScript examples exactly as printed", async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const snippets = readmeSnippets(readme);
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    const files = Object.fromEntries(snippets.map((snippet, index) => [`readme/snippet-${index}.mts`, snippet.code]));
    await writeFiles(consumer, {
      ...files,
      // The bundling example's app: any module importing datatasks.
      'readme/src/server.ts': "import { runIntrospection } from 'datatasks';\nconsole.log(typeof runIntrospection);\n",
      'readme/tsconfig.json': `${JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          // The Trigger.dev example loads the SDK's declarations, which need it (see the strict test above).
          skipLibCheck: true,
          outDir: 'out',
          rootDir: '.',
          types: ['node'],
        },
        files: Object.keys(files).map((file) => path.basename(file)),
      })}\n`,
    });
    const tsc = path.join(consumer, 'node_modules', '.bin', 'tsc');
    const compiled = await exec(tsc, ['-p', 'readme/tsconfig.json'], { cwd: consumer });
    expect(compiled.code, described(compiled)).toBe(0);
    // The "Running model-written SQL safely" example uses the SQL guard, whose parser is an optional peer.
    const parser = await exec('npm', ['install', '@guanmingchiu/sqlparser-ts'], { cwd: consumer });
    expect(parser.code, described(parser)).toBe(0);
    database = await createFixtureDatabase(sharedServer, 'readme');
    const env = { DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database.name}` };
    for (const [index, snippet] of snippets.entries()) {
      if (snippet.typecheckOnly) continue;
      const run = await exec(process.execPath, [`out/snippet-${index}.mjs`], {
        cwd: path.join(consumer, 'readme'),
        env,
      });
      expect(run.code, `README example ${index + 1} (line ${snippet.line})\n${described(run)}`).toBe(0);
    }
  });

  it('passes publint and attw with no error, warning or suggestion', async () => {
    const publint = await exec(binOf('publint'), ['run', packed.tarball, '--level', 'suggestion', '--strict'], {
      cwd: root,
    });
    expect(publint.code, described(publint)).toBe(0);
    expect(publint.stdout).toMatch(/All good!/);
    // `attw --pack` packs the directory and checks that tarball; this is the same check on the tarball packed above.
    const attw = await exec(binOf('attw'), [packed.tarball, '--format', 'table'], { cwd: root });
    expect(attw.code, described(attw)).toBe(0);
    expect(attw.stdout).toMatch(/No problems found/);
  });

  it('survives `npm publish --dry-run` with its bin and no warning', async () => {
    const result = await exec('npm', ['publish', '--dry-run', '--ignore-scripts'], { cwd: root });
    expect(result.code, described(result)).toBe(0);
    // The one warning that stays is about this machine, not the package: no npm account is logged in here.
    expect(npmProblems(result.stderr, [/requires you to be logged in/]), described(result)).toEqual([]);
    expect(result.stderr).toMatch(/dist\/cli\.js/);
    const installedManifest = await readJson<{ bin: Record<string, string> }>(
      path.join(consumer, 'node_modules', 'datatasks', 'package.json'),
    );
    expect(installedManifest.bin).toEqual({ datatasks: 'dist/cli.js' });
  });

  it('links only to files in the package or to absolute URLs from the README (the registry page)', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
    const relative = links.filter((link) => !/^(https?:|#|mailto:)/.test(link));
    expect(relative.filter((link) => !packed.files.includes(link.replace(/^\.\//, '')))).toEqual([]);
  });
});
