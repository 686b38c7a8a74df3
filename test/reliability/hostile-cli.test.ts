/**
 * Property-based hostile CLI arguments: parseCliArguments resolves or throws a typed error; runCli (fake streams,
 * sources limited to a closed local port so nothing reaches the network) always returns a documented exit code
 * and never prints the planted password, whether it came in a URL, DATATASKS_URL or a --config file.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCliArguments } from '../../src/cli/args.js';
import { type CliIo, runCli } from '../../src/cli/run-cli.js';
import { DatataskError } from '../../src/core/errors.js';
import { plantedSecret } from './hostile-arbitraries.js';

const tally = { parsed: 0, refusedTyped: 0, cliRuns: 0, exitCodes: {} as Record<number, number> };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'h10-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  console.log(`[reliability] hostile CLI ${JSON.stringify(tally)}`);
});

const flags = ['--json', '--markdown', '--ddl', '--column-stats', '--quiet', '--help', '-h', '--version', '--bogus'];
const valued = ['--include', '--exclude', '--schema', '--exclude-schema', '--timeout', '--attempts', '--max-tokens'];
const commands = ['introspect', 'test-connection', 'help', 'version', 'drop-everything', ''];

/** argv made of real flags, junk and a source carrying the secret (a closed local port: nothing connects). */
const argvWithSecret = fc
  .record({
    command: fc.constantFrom(...commands),
    scheme: fc.constantFrom('postgres', 'mysql', 'mariadb', 'redshift', 'nope'),
    secret: plantedSecret,
    encode: fc.boolean(),
    extra: fc.array(
      fc.oneof(
        fc.constantFrom(...flags),
        fc.tuple(fc.constantFrom(...valued), fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String))),
        fc.string({ maxLength: 12 }),
      ),
      { maxLength: 5 },
    ),
    where: fc.constantFrom('argv', 'env', 'config', 'bad-config'),
  })
  .map((input) => ({ ...input, extra: input.extra.flat() }));

function fakeIo(env: NodeJS.ProcessEnv): { io: CliIo; output(): string } {
  let text = '';
  const stream = {
    write: (chunk: string | Uint8Array) => {
      text += String(chunk);
      return true;
    },
    isTTY: false,
    columns: 80,
  } as unknown as NodeJS.WriteStream;
  return { io: { stdout: stream, stderr: stream, env, version: '0.0.0-test' }, output: () => text };
}

type Sample = { command: string; scheme: string; secret: string; encode: boolean; extra: string[]; where: string };

async function argvFor(input: Sample, index: number): Promise<{ argv: string[]; env: NodeJS.ProcessEnv }> {
  const password = input.encode ? encodeURIComponent(input.secret) : input.secret;
  const url = `${input.scheme}://analyst:${password}@127.0.0.1:1/shop`;
  const command = input.command ? [input.command] : [];
  if (input.where === 'env') return { argv: [...command, ...input.extra], env: { DATATASKS_URL: url } };
  if (input.where === 'argv') return { argv: [...command, url, ...input.extra], env: {} };
  const file = path.join(dir, `config-${index}.json`);
  const credentials = { type: 'postgres', host: '127.0.0.1', port: 1, user: 'a', password: input.secret };
  await writeFile(file, input.where === 'config' ? JSON.stringify(credentials) : `{ "password": "${input.secret}" `);
  return { argv: [...command, '--config', file, ...input.extra], env: {} };
}

describe('hostile CLI arguments', () => {
  it('parseCliArguments: any argv resolves or throws a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constantFrom(...flags, ...valued, ...commands), fc.string())),
        async (argv) => {
          try {
            await parseCliArguments(argv, {});
            tally.parsed++;
          } catch (error) {
            expect(error).toBeInstanceOf(DatataskError);
            tally.refusedTyped++;
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('runCli: a documented exit code and never the planted password in its output', async () => {
    let index = 0;
    await fc.assert(
      fc.asyncProperty(argvWithSecret, async (input) => {
        const { argv, env } = await argvFor(input, index++);
        // Every case names a source (valid or not), so the bundled demo is never introspected.
        const { io, output } = fakeIo(env);
        const code = await runCli([...argv, '--attempts', '1'], io);
        tally.cliRuns++;
        tally.exitCodes[code] = (tally.exitCodes[code] ?? 0) + 1;
        expect([0, 1, 2, 3, 4]).toContain(code);
        expect(output()).not.toContain(input.secret);
        expect(output()).not.toContain(encodeURIComponent(input.secret));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
