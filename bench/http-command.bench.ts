/**
 * 3. The command path over HTTP: one command through the real API (routing, body validation, token
 * verification, the pipeline, read + decide + append) under load from autocannon at fixed concurrency,
 * against a bare Fastify route doing one raw insert. Requests per second and p50/p99 latency.
 * Goal: at least 0.50× the bare route's throughput, and p99 under 50 ms.
 *
 * 6. Memory: the peak RSS (VmHWM) of the API process under that load, beside the bare route's. The servers
 * run from sources transpiled beforehand (see register.js), so the TypeScript compiler is not in their memory.
 *
 * Both servers run in child processes of their own (the API with LOG_LEVEL=silent and no worker beside it);
 * autocannon runs here.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { signDevToken } from '@lle/auth';
import type { Role } from '@lle/domain';
import { BenchChild, cpuTimeMs, peakRss, resetPeakRss } from './support/child';
import { createBenchDatabase, createRawEventsTable, type BenchDatabase } from './support/database';
import { alternateRounds } from './support/measure';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';

/** A command that writes one event on a fresh stream with every request. */
interface HttpCommand {
  /** How the benchmark is named in the table. */
  readonly label: string;
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly role: Role;
  readonly alliance?: string;
  /** The body of one request (called for each one). */
  body(): unknown;
}

/** Each request opens a new round: the round id derives from the request's command id. */
const SCHEDULE_ROUND: HttpCommand = {
  label: 'ScheduleRound until LogSupportDay lands',
  method: 'POST',
  path: '/rounds',
  role: 'admin',
  body: () => ({
    alliance: 'CATSA',
    opensOn: '2030-01-14',
    closesOn: '2030-02-15',
    decisionsBy: '2030-03-22',
    inductionDates: ['2030-04-23'],
  }),
};

/** The command under load: when LogSupportDay lands, define it beside SCHEDULE_ROUND and name it here. */
const COMMAND: HttpCommand = SCHEDULE_ROUND;

const NAME = `command path over HTTP (${COMMAND.label})`;
const CONNECTIONS = 16;
const SETTINGS = {
  quick: { warmupSeconds: 2, roundSeconds: 2, rounds: 5 },
  full: { warmupSeconds: 5, roundSeconds: 5, rounds: 9 },
} as const;

interface LoadSample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU the server process used per answered request, in ms: what bounds a single-threaded server. */
  readonly cpuMsPerRequest: number;
}

async function load(
  url: string,
  token: string | undefined,
  seconds: number,
  serverPid: number,
): Promise<LoadSample> {
  const cpuBefore = cpuTimeMs(serverPid);
  const outcome = await autocannon({
    url,
    method: COMMAND.method,
    connections: CONNECTIONS,
    duration: seconds,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(COMMAND.body()) }) }],
  });
  if (outcome.non2xx > 0 || outcome.errors > 0) {
    throw new Error(
      `${url}: ${outcome.non2xx} non-2xx answers and ${outcome.errors} errors under load ` +
        `(${JSON.stringify(outcome.statusCodeStats ?? {})})`,
    );
  }
  return {
    rps: outcome['2xx'] / outcome.duration,
    p50: outcome.latency.p50,
    p99: outcome.latency.p99,
    cpuMsPerRequest: (cpuTimeMs(serverPid) - cpuBefore) / outcome['2xx'],
  };
}

/** One request first: a misconfigured server fails here with its answer instead of as a count of errors. */
async function probe(url: string, token: string | undefined): Promise<void> {
  const response = await fetch(url, {
    method: COMMAND.method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(COMMAND.body()),
  });
  if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
}

export const httpCommandBenchmark: Benchmark = {
  name: 'http',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const settings = SETTINGS[context.mode];
    const databases: BenchDatabase[] = [];
    const children: BenchChild[] = [];
    try {
      context.log('http: creating a fresh database for the API and one for the bare route');
      const [apiDb, bareDb] = await Promise.all([
        createBenchDatabase('http_api', true),
        createBenchDatabase('http_bare', false),
      ]);
      databases.push(apiDb, bareDb);
      await createRawEventsTable(bareDb.url);

      context.log('http: starting the API and the bare route in child processes');
      const [api, bare] = await Promise.all([
        BenchChild.start('api', join(__dirname, 'support', 'api-server.ts'), [], {
          env: {
            NODE_ENV: 'development',
            DATABASE_URL: apiDb.url,
            EVENT_STORE: 'postgres',
            LOG_LEVEL: 'silent',
          },
          nodeArgs: context.serverNodeArgs,
        }),
        BenchChild.start('bare route', join(__dirname, 'support', 'bare-server.ts'), [bareDb.url], {
          nodeArgs: context.serverNodeArgs,
        }),
      ]);
      children.push(api, bare);
      const token = await signDevToken({
        subject: 'bench-admin',
        role: COMMAND.role,
        alliance: COMMAND.alliance,
        audience: process.env.AUTH_AUDIENCE ?? 'lle-brokerage',
        ttlSeconds: 3600,
      });
      const servers = [
        { name: 'ours', child: api, token: token as string | undefined },
        { name: 'bare', child: bare, token: undefined },
      ];
      const targets = await Promise.all(
        servers.map(async (server) => ({
          ...server,
          url: `http://127.0.0.1:${await server.child.request<number>('port', {})}${COMMAND.path}`,
        })),
      );

      // Peak RSS from here on: under load, not while starting (Nest, the OpenAPI document).
      const resetPeak = targets.every((target) => resetPeakRss(target.child.pid));
      for (const target of targets) {
        await probe(target.url, target.token);
        context.log(`http: warming up ${target.name} for ${settings.warmupSeconds}s`);
        await load(target.url, target.token, settings.warmupSeconds, target.child.pid);
      }
      const samples = await alternateRounds(
        targets.map((target) => ({
          name: target.name,
          run: () => load(target.url, target.token, settings.roundSeconds, target.child.pid),
        })),
        settings.rounds,
        (name, round, sample) =>
          context.log(
            `http round ${round + 1}/${settings.rounds}: ${name} ${formatNumber(sample.rps)} req/s, ` +
              `p50 ${sample.p50} ms, p99 ${sample.p99} ms, server CPU ${sample.cpuMsPerRequest.toFixed(2)} ms/request`,
          ),
      );
      const rss = { ours: peakRss(api.pid), bare: peakRss(bare.pid) };
      const figures = (name: string, pick: (sample: LoadSample) => number) =>
        (samples.get(name) ?? []).map(pick);
      const concurrency = `${CONNECTIONS} connections`;
      return [
        result({
          benchmark: 'http',
          name: `${NAME}: throughput, ${concurrency}`,
          unit: 'req/s',
          ours: figures('ours', (sample) => sample.rps),
          baselines: { 'bare route': figures('bare', (sample) => sample.rps) },
          goals: ({ ratios }) => [
            { description: '≥ 0.50× bare route', met: (ratios['bare route'] ?? 0) >= 0.5 },
          ],
        }),
        result({
          benchmark: 'http',
          name: `${NAME}: server CPU per request, ${concurrency}`,
          unit: 'ms',
          better: 'lower',
          ours: figures('ours', (sample) => sample.cpuMsPerRequest),
          baselines: { 'bare route': figures('bare', (sample) => sample.cpuMsPerRequest) },
          notes:
            'user + system CPU of the server process (all its threads) per answered request; its JavaScript ' +
            'runs on one thread, so about 1000 ÷ this bounds its req/s whatever the database does',
        }),
        result({
          benchmark: 'http',
          name: `${NAME}: p50 latency, ${concurrency}`,
          unit: 'ms',
          better: 'lower',
          ours: figures('ours', (sample) => sample.p50),
          baselines: { 'bare route': figures('bare', (sample) => sample.p50) },
        }),
        result({
          benchmark: 'http',
          name: `${NAME}: p99 latency, ${concurrency}`,
          unit: 'ms',
          better: 'lower',
          ours: figures('ours', (sample) => sample.p99),
          baselines: { 'bare route': figures('bare', (sample) => sample.p99) },
          goals: ({ ours }) => [{ description: 'p99 < 50 ms', met: ours < 50 }],
        }),
        result({
          benchmark: 'memory',
          name: `memory: peak RSS of the API under the HTTP load`,
          unit: 'MiB',
          better: 'lower',
          ours: [rss.ours / 1024 ** 2],
          baselines: { 'bare route': [rss.bare / 1024 ** 2] },
          notes: resetPeak
            ? 'VmHWM of each server process over its warm-up and all its rounds (reset after start-up)'
            : 'VmHWM of each server process since it started (the peak could not be reset after start-up)',
        }),
      ];
    } finally {
      await Promise.all(children.map((child) => child.stop()));
      await Promise.all(databases.map((database) => database.drop()));
    }
  },
};
