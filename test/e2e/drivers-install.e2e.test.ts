import { existsSync } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConsumer,
  described,
  exec,
  npmProblems,
  type Packed,
  packLibrary,
  readJson,
  root,
  tempRoot,
} from './consumer.js';

interface Manifest {
  peerDependencies: Record<string, string>;
}

// npm 11 lists the dependencies whose install scripts it did not run (it runs none unless approved): that is npm's
// policy, not a problem of the package; every other warning (ERESOLVE, EBADENGINE, deprecations...) fails the test.
const installScriptsNotice = /^npm warn install-scripts/;

/**
 * What `npm install <name>` can install here, learnt in an empty project: the registry this machine reaches lacks a
 * few releases' dependencies (mssql 12.7.16 needs @tediousjs/connection-string 1.1.2, which it does not serve), and
 * that fails with or without datatasks. Then the newest earlier release of the same major is the one to check.
 */
async function installableSpec(name: string, parent: string): Promise<{ spec: string; note?: string }> {
  const control = await createConsumer(parent, `control-${name.replace(/[@/]/g, '_')}`);
  const latest = await exec('npm', ['install', name], { cwd: control });
  if (latest.code === 0) return { spec: name };
  const missing = /notarget No matching version found for (\S+?)\.?$/m.exec(latest.stderr)?.[1];
  if (!missing) throw new Error(`npm install ${name} fails even without datatasks\n${described(latest)}`);
  const view = await exec('npm', ['view', name, 'versions', 'dist-tags.latest', '--json'], { cwd: control });
  const info = JSON.parse(view.stdout) as { versions: string[]; 'dist-tags.latest': string };
  const current = info['dist-tags.latest'];
  const major = current.split('.')[0];
  const earlier = info.versions.filter((version) => version.split('.')[0] === major && !version.includes('-'));
  for (const version of earlier.slice(0, earlier.indexOf(current)).reverse().slice(0, 3)) {
    const attempt = await exec('npm', ['install', `${name}@${version}`], { cwd: control });
    if (attempt.code === 0)
      return { spec: `${name}@${version}`, note: `${name}@${current} needs ${missing}, not served here` };
  }
  throw new Error(`no release of ${name}@${major} installs here, with or without datatasks`);
}

describe('every optional peer installs next to datatasks with plain `npm install`', () => {
  let work: string;
  let packed: Packed;
  let manifest: Manifest;

  beforeAll(async () => {
    work = await tempRoot();
    packed = await packLibrary(work);
    manifest = await readJson<Manifest>(path.join(root, 'package.json'));
  });
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('lists the peers this test installs', () => {
    expect(Object.keys(manifest.peerDependencies).length).toBe(12);
  });

  // One fresh consumer per peer, datatasks first, then the peer's current release as `npm install <name>` picks it.
  for (const name of [
    'pg',
    'pg-cursor',
    'mysql2',
    '@duckdb/node-api',
    'snowflake-sdk',
    '@google-cloud/bigquery',
    'mssql',
    '@databricks/sql',
    '@anthropic-ai/sdk',
    '@guanmingchiu/sqlparser-ts',
    '@trigger.dev/sdk',
    'bullmq',
  ]) {
    it(`npm install ${name}`, async () => {
      const consumer = await createConsumer(work, name.replace(/[@/]/g, '_'));
      const library = await exec('npm', ['install', packed.tarball], { cwd: consumer });
      expect(library.code, described(library)).toBe(0);
      const { spec, note } = await installableSpec(name, work);
      if (note) console.info(`${note}: checking ${spec}`);
      const peer = await exec('npm', ['install', spec], { cwd: consumer });
      expect(peer.code, described(peer)).toBe(0);
      expect(npmProblems(peer.stderr, [installScriptsNotice]), described(peer)).toEqual([]);
      const installed = await readJson<{ version: string; engines?: { node?: string } }>(
        path.join(consumer, 'node_modules', name, 'package.json'),
      );
      console.info(`${name}@${installed.version} (engines ${installed.engines?.node ?? 'any'})`);
      expect(existsSync(path.join(consumer, 'node_modules', 'datatasks', 'package.json'))).toBe(true);
      const lock = JSON.parse(await readFile(path.join(consumer, 'package-lock.json'), 'utf8'));
      expect(lock.packages[`node_modules/${name}`]?.version).toBe(installed.version);
    });
  }

  it('keeps DuckDB when datatasks is installed after it (the order the README shows for the demo)', async () => {
    const consumer = await createConsumer(work, 'duckdb-first');
    const duckdb = await exec('npm', ['install', '@duckdb/node-api'], { cwd: consumer });
    expect(duckdb.code, described(duckdb)).toBe(0);
    const library = await exec('npm', ['install', packed.tarball], { cwd: consumer });
    expect(library.code, described(library)).toBe(0);
    expect(npmProblems(library.stderr, [installScriptsNotice]), described(library)).toEqual([]);
    expect(existsSync(path.join(consumer, 'node_modules', '@duckdb', 'node-api', 'package.json'))).toBe(true);
    const demo = await exec('npx', ['datatasks', 'test-connection'], { cwd: consumer });
    expect(demo.code, described(demo)).toBe(0);
    expect(demo.stdout).toMatch(/^ok: duckdb /);
  });
});

describe('a clean clone stays clean', () => {
  it('`npm install` leaves package-lock.json as committed', async () => {
    const clone = await tempRoot();
    try {
      await copyFile(path.join(root, 'package.json'), path.join(clone, 'package.json'));
      await copyFile(path.join(root, 'package-lock.json'), path.join(clone, 'package-lock.json'));
      // Scripts off: this checks the lock, not the tools' postinstall steps.
      const install = await exec('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: clone });
      expect(install.code, described(install)).toBe(0);
      const before = await readFile(path.join(root, 'package-lock.json'), 'utf8');
      const after = await readFile(path.join(clone, 'package-lock.json'), 'utf8');
      expect(after === before, 'npm install rewrote package-lock.json: run python3 .ci/complete-lock.py').toBe(true);
    } finally {
      await rm(clone, { recursive: true, force: true });
    }
  });
});
