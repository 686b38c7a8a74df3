import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  agentPackages,
  datatasksExtension,
  datatasksPackages,
  enginePackages,
} from '../../src/runners/trigger-dev/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));

/** A BuildContext like the one Trigger.dev's buildWorker passes, resolving from this repository. */
function buildContext(target: string, known: (name: string) => boolean = () => true) {
  const layers: Array<{ id: string; dependencies?: Record<string, string> }> = [];
  const warnings: string[] = [];
  return {
    layers,
    warnings,
    context: {
      target,
      workingDir: repoRoot,
      logger: { debug: () => {}, warn: (message: unknown) => void warnings.push(String(message)) },
      addLayer: (layer: (typeof layers)[number]) => void layers.push(layer),
      resolvePath: async (name: string) => (known(name) ? requireFromRepo.resolve(name) : undefined),
    },
  };
}

const versionOf = async (name: string) =>
  (JSON.parse(await readFile(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
    .version;

describe('datatasksExtension (Trigger.dev build extension)', () => {
  it('adds the named engines’ drivers and the agent’s packages at the installed versions', async () => {
    const extension = datatasksExtension({ engines: ['postgres', 'redshift', 'mysql'], agent: true });
    const { context, layers } = buildContext('deploy');
    await extension.onBuildStart(context);
    expect(layers).toEqual([
      {
        id: 'datatasks',
        dependencies: {
          pg: await versionOf('pg'),
          'pg-cursor': await versionOf('pg-cursor'),
          mysql2: await versionOf('mysql2'),
          '@anthropic-ai/sdk': await versionOf('@anthropic-ai/sdk'),
          '@guanmingchiu/sqlparser-ts': await versionOf('@guanmingchiu/sqlparser-ts'),
        },
      },
    ]);
    expect(extension.externalsForTarget('deploy')).toEqual([
      'pg',
      'pg-cursor',
      'mysql2',
      '@anthropic-ai/sdk',
      '@guanmingchiu/sqlparser-ts',
    ]);
  });

  it('fails the deploy build when a package is not installed, naming the npm command', async () => {
    const extension = datatasksExtension({ engines: ['postgres', 'snowflake'] });
    const { context, layers } = buildContext('deploy', (name) => name !== 'snowflake-sdk');
    await expect(extension.onBuildStart(context)).rejects.toThrow(
      /snowflake-sdk is not installed in .* every run needing it would fail\. Run: npm install snowflake-sdk$/,
    );
    expect(layers).toEqual([]);
  });

  it("warns loudly instead with onMissing: 'warn', and does nothing for dev builds", async () => {
    const extension = datatasksExtension({ engines: ['duckdb', 'bigquery'], onMissing: 'warn' });
    const { context, layers, warnings } = buildContext('deploy', (name) => name !== '@google-cloud/bigquery');
    await extension.onBuildStart(context);
    expect(warnings).toEqual([expect.stringMatching(/^WARNING datatasks: @google-cloud\/bigquery is not installed/)]);
    expect(layers[0]?.dependencies).toEqual({ '@duckdb/node-api': await versionOf('@duckdb/node-api') });
    const dev = buildContext('dev', () => false);
    await extension.onBuildStart(dev.context);
    expect(dev.layers).toEqual([]);
  });

  it('rejects an unknown engine at once', () => {
    expect(() => datatasksPackages({ engines: ['oracle' as never] })).toThrow(/unknown engine "oracle"; use one of/);
    expect(datatasksPackages({ engines: [], packages: ['pg-native'] })).toEqual(['pg-native']);
  });

  it('knows every package datatasks imports lazily', async () => {
    const known = new Set<string>([...Object.values(enginePackages).flat(), ...agentPackages]);
    const lazy = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        // The BullMQ runner (and its lazily loaded bullmq) is another runner: no Trigger.dev task imports it.
        if (entry.isDirectory() && file === path.join(repoRoot, 'src', 'runners', 'bullmq')) continue;
        if (entry.isDirectory()) await walk(file);
        else if (file.endsWith('.ts')) {
          const source = await readFile(file, 'utf8');
          for (const match of source.matchAll(/loadDriver<[^>]*>\(\s*'([^']+)'/g)) lazy.add(match[1]!);
          for (const match of source.matchAll(/Package = '([^']+)'/g)) lazy.add(match[1]!);
        }
      }
    };
    await walk(path.join(repoRoot, 'src'));
    expect(lazy.size).toBeGreaterThanOrEqual(9);
    expect([...lazy].filter((name) => !known.has(name))).toEqual([]);
  });
});
