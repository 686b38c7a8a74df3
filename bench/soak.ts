/**
 * Soak: N introspect-data runs on one in-process runner at concurrency 8, alternating PostgreSQL and MariaDB, a
 * share of them through faults (cut, stall, refuse via the TCP fault proxy). Every run must end as the clean run
 * did or with a typed error; no session may be left on either server; the heap after a forced GC must stay within
 * 20% of the heap after the first 100 runs. `npm run test:soak` runs 1,000 (SOAK_RUNS to change).
 */
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { CredentialsInput } from '../src/adapters/credentials.js';
import { DatataskError } from '../src/core/errors.js';
import { createInProcessRunner } from '../src/runners/in-process/index.js';
import { introspectDataTask } from '../src/tasks/introspect-data/index.js';
import type { IntrospectDataOutput } from '../src/tasks/introspect-data/interfaces.js';
import { type FaultMode, type FaultProxy, startFaultProxy } from '../test/helpers/fault-proxy.js';
import { mariadbAddress } from '../test/helpers/mysql.js';
import { countSessions, createFixtureDatabase, sharedServer } from '../test/helpers/pg.js';
import { seededRandom } from '../test/helpers/seeded-random.js';
import { createMariadbScratch } from '../test/reliability/mariadb-scratch.js';

export interface SoakOptions {
  runs?: number;
  concurrency?: number;
  /** Share of runs sent through a fault. @default 0.1 */
  faultRate?: number;
  seed?: number;
  log?: (line: string) => void;
}

type Engine = 'postgres' | 'mariadb';
type Fault = 'none' | 'cut' | 'stall' | 'refuse';

export interface SoakReport {
  runs: number;
  ok: number;
  typedErrors: number;
  errorCodes: Record<string, number>;
  /** Must be 0: untyped failures, successes whose catalog differs from the clean run, runs that hit maxDuration. */
  untyped: number;
  partial: number;
  hung: number;
  faults: Record<Fault, number>;
  p50Ms: number;
  p99Ms: number;
  leaked: { postgresSessions: number; mariadbSessions: number; proxySockets: number };
  heap: { baselineAfterRuns: number; baselineMb: number; finalMb: number; growthPct: number };
  durationMs: number;
}

/** The runtime's gc(), reachable without --expose-gc. */
function forcedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
  };
}

const fingerprint = (output: IntrospectDataOutput) =>
  JSON.stringify({ catalog: { ...output.catalog, introspectedAt: undefined }, warnings: output.warnings });

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const runs = options.runs ?? 1000;
  const concurrency = options.concurrency ?? 8;
  const faultRate = options.faultRate ?? 0.1;
  const random = seededRandom(options.seed ?? 1122);
  const log = options.log ?? (() => undefined);
  const gc = forcedGc();
  const started = performance.now();
  const application = `h10_soak_${random.int(1e5, 1e6)}`;
  const database = await createFixtureDatabase(sharedServer, 'h10soak');
  const maria = await createMariadbScratch('soak');
  const proxies: FaultProxy[] = [];
  const task = {
    ...introspectDataTask,
    retry: { ...introspectDataTask.retry, minTimeoutInMs: 10, maxTimeoutInMs: 50 },
  };
  const runner = createInProcessRunner({ tasks: [task], concurrency });
  try {
    const target = { postgres: { host: sharedServer.host, port: sharedServer.port }, mariadb: mariadbAddress };
    const proxyFor = async (engine: Engine, mode: FaultMode) => {
      const proxy = await startFaultProxy(target[engine], mode);
      proxies.push(proxy);
      return proxy;
    };
    // Cuts anywhere in a run, handshake and results alike, on both engines.
    const faultProxies = {
      postgres: {
        cut: await proxyFor('postgres', { kind: 'cut-random', seed: random.seed, minBytes: 1, maxBytes: 6000 }),
        stall: await proxyFor('postgres', { kind: 'stall' }),
        refuse: await proxyFor('postgres', { kind: 'refuse' }),
      },
      mariadb: {
        cut: await proxyFor('mariadb', { kind: 'cut-random', seed: random.seed + 1, minBytes: 1, maxBytes: 6000 }),
        stall: await proxyFor('mariadb', { kind: 'stall' }),
        refuse: await proxyFor('mariadb', { kind: 'refuse' }),
      },
    };
    const credentials = (engine: Engine, fault: Fault): CredentialsInput => {
      const via = fault === 'none' ? {} : { host: '127.0.0.1', port: faultProxies[engine][fault].port };
      return engine === 'postgres'
        ? {
            type: 'postgres',
            ...sharedServer,
            database: database.name,
            applicationName: application,
            connectTimeoutMs: 1000,
            ...via,
          }
        : maria.credentials({ connectTimeoutMs: 1000, ...via });
    };
    const introspect = (engine: Engine, fault: Fault) =>
      runner.triggerAndWait(
        task,
        { dataSource: { name: engine, credentials: credentials(engine, fault) }, options: { timeoutMs: 5000 } },
        { maxDuration: 30 },
      );
    const clean: Record<Engine, string> = { postgres: '', mariadb: '' };
    for (const engine of ['postgres', 'mariadb'] as const) {
      const result = await introspect(engine, 'none');
      if (!result.ok) throw result.error;
      clean[engine] = fingerprint(result.output as IntrospectDataOutput);
    }

    const report: SoakReport = {
      runs,
      ok: 0,
      typedErrors: 0,
      errorCodes: {},
      untyped: 0,
      partial: 0,
      hung: 0,
      faults: { none: 0, cut: 0, stall: 0, refuse: 0 },
      p50Ms: 0,
      p99Ms: 0,
      leaked: { postgresSessions: 0, mariadbSessions: 0, proxySockets: 0 },
      heap: { baselineAfterRuns: Math.min(100, Math.floor(runs / 2)), baselineMb: 0, finalMb: 0, growthPct: 0 },
      durationMs: 0,
    };
    const plan = Array.from({ length: runs }, (_, index) => ({
      engine: (index % 2 === 0 ? 'postgres' : 'mariadb') as Engine,
      fault: (random.next() < faultRate ? random.pick(['cut', 'stall', 'refuse'] as const) : 'none') as Fault,
    }));
    const durations: number[] = [];
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < plan.length) {
        const { engine, fault } = plan[next++]!;
        report.faults[fault]++;
        const t0 = performance.now();
        const result = await introspect(engine, fault);
        durations.push(performance.now() - t0);
        if (result.ok) {
          report.ok++;
          if (fingerprint(result.output as IntrospectDataOutput) !== clean[engine]) report.partial++;
        } else if (!(result.error instanceof DatataskError)) {
          report.untyped++;
        } else {
          report.typedErrors++;
          report.errorCodes[result.error.code] = (report.errorCodes[result.error.code] ?? 0) + 1;
          if (/maxDuration/i.test(result.error.message)) report.hung++;
        }
        if (++done % 100 === 0) log(`[soak] ${done}/${runs} runs`);
        if (done === report.heap.baselineAfterRuns) {
          gc();
          report.heap.baselineMb = process.memoryUsage().heapUsed / 2 ** 20;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    // Sessions close asynchronously after a run; give them a moment before calling them leaked.
    const pgSessions = () => countSessions(sharedServer, application);
    for (let i = 0; i < 100 && ((await pgSessions()) > 0 || (await maria.openConnections()) > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    report.leaked = {
      postgresSessions: await pgSessions(),
      mariadbSessions: await maria.openConnections(),
      proxySockets: proxies.reduce((sum, proxy) => sum + proxy.openConnections(), 0),
    };
    durations.sort((a, b) => a - b);
    report.p50Ms = Math.round(percentile(durations, 0.5));
    report.p99Ms = Math.round(percentile(durations, 0.99));
    gc();
    report.heap.finalMb = process.memoryUsage().heapUsed / 2 ** 20;
    report.heap.growthPct = Math.round((report.heap.finalMb / report.heap.baselineMb - 1) * 1000) / 10;
    report.heap.baselineMb = Math.round(report.heap.baselineMb * 10) / 10;
    report.heap.finalMb = Math.round(report.heap.finalMb * 10) / 10;
    report.durationMs = Math.round(performance.now() - started);
    return report;
  } finally {
    await runner.close();
    for (const proxy of proxies) await proxy.close();
    await maria.drop();
    await database.drop();
  }
}

/** The soak's pass/fail rules, shared by the script and its test. */
export function soakProblems(report: SoakReport): string[] {
  const problems: string[] = [];
  if (report.untyped > 0) problems.push(`${report.untyped} untyped failures`);
  if (report.partial > 0) problems.push(`${report.partial} successes with a catalog unlike the clean run's`);
  if (report.hung > 0) problems.push(`${report.hung} runs hit maxDuration (hung)`);
  const leaked = report.leaked.postgresSessions + report.leaked.mariadbSessions + report.leaked.proxySockets;
  if (leaked > 0) problems.push(`leaked connections: ${JSON.stringify(report.leaked)}`);
  if (report.heap.growthPct > 20) problems.push(`heap grew ${report.heap.growthPct}% (limit 20%)`);
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.env.SOAK_RUNS ?? 1000);
  const report = await runSoak({ runs, log: (line) => console.log(line) });
  console.log(JSON.stringify(report, null, 2));
  const problems = soakProblems(report);
  console.log(problems.length === 0 ? 'soak: PASS' : `soak: FAIL\n  ${problems.join('\n  ')}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
