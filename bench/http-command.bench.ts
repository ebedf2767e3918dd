/**
 * 3. The command path over HTTP: LogSupportDay through the real API (routing, body validation, token
 * verification, the pipeline, the reads, the decisions and the two appends: the day reserved on the person's
 * stream, then logged on the placement) under load from autocannon at fixed concurrency, against a bare
 * Fastify route doing one raw insert. Requests per second and p50/p99 latency.
 * Goal: at least 0.50× the bare route's throughput, and p99 under 50 ms.
 *
 * Each request logs a distinct half-day on one of many open placements, set up first through the use cases
 * (LLEs designated through the demo seed, placements brokered through BrokerageService): every date distinct
 * for its LLE, so the one-day-per-person rule refuses none, and the requests go round the LLEs, so concurrent
 * ones touch different streams. Rounds are a fixed number of requests, so the days set up always suffice.
 *
 * 6. Memory: the peak RSS (VmHWM) of the API process under that load, beside the bare route's. The servers
 * run from sources transpiled beforehand (see register.js), so the TypeScript compiler is not in their memory.
 *
 * Both servers run in child processes of their own (the API with LOG_LEVEL=silent and no worker beside it);
 * autocannon runs here.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { signDevToken } from '@lle/auth';
import type { AllianceCode } from '@lle/domain';
import { openPlacements, type DaySlot } from './support/brokerage-history';
import { BenchChild, cpuTimeMs, peakRss, resetPeakRss } from './support/child';
import { createBenchDatabase, createRawEventsTable, type BenchDatabase } from './support/database';
import { alternateRounds } from './support/measure';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';

const NAME = 'command path over HTTP (LogSupportDay)';
const CONNECTIONS = 16;
/** How often autocannon samples, which is how finely it times a round (see `load`). */
const SAMPLE_INTERVAL_MS = 10;
const SETTINGS = {
  quick: { warmupRequests: 500, roundRequests: 1_000, rounds: 5 },
  full: { warmupRequests: 2_000, roundRequests: 3_000, rounds: 9 },
} as const;
/** Each LLE gets this many placements a year over the demo's two years, each of this many half-days. */
const PLACEMENTS_PER_YEAR = 3;
const HALF_DAYS_PER_PLACEMENT = 24;

/** One request: where it goes, and its body. */
interface HttpRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Each LogSupportDay request, from the next day still to log. */
function logSupportDay(slots: readonly DaySlot[], tokens: ReadonlyMap<AllianceCode, string>) {
  let next = 0;
  return (): HttpRequest => {
    const slot = slots[next++];
    if (!slot) throw new Error(`All ${slots.length} days set up have been logged: set up more`);
    return {
      path: `/placements/${slot.placementId}/days`,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.get(slot.alliance)}`,
      },
      body: JSON.stringify({
        dayId: randomUUID(),
        date: slot.date,
        length: 'half',
        note: 'Coaching session with the head on the improvement plan',
      }),
    };
  };
}

/** The bare route's requests: the same path and body shape (it takes any path and inserts the body). */
function bareRequest(): HttpRequest {
  return {
    path: `/placements/${randomUUID()}/days`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      dayId: randomUUID(),
      date: '2024-09-02',
      length: 'half',
      note: 'Coaching session with the head on the improvement plan',
    }),
  };
}

interface LoadSample {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** CPU the server process used per answered request, in ms: what bounds a single-threaded server. */
  readonly cpuMsPerRequest: number;
}

async function load(
  origin: string,
  next: () => HttpRequest,
  amount: number,
  serverPid: number,
): Promise<LoadSample> {
  const cpuBefore = cpuTimeMs(serverPid);
  const outcome = await autocannon({
    url: origin,
    method: 'POST',
    connections: CONNECTIONS,
    amount,
    // autocannon notices the last answer only at its next sample, so with its default of one per second a
    // round of a few seconds is timed to the whole second above (1,000 requests in 2.1 s read 333 req/s).
    sampleInt: SAMPLE_INTERVAL_MS,
    requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
  });
  if (outcome.non2xx > 0 || outcome.errors > 0) {
    throw new Error(
      `${origin}: ${outcome.non2xx} non-2xx answers and ${outcome.errors} errors under load ` +
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
async function probe(origin: string, next: () => HttpRequest): Promise<void> {
  const { path, headers, body } = next();
  const response = await fetch(`${origin}${path}`, { method: 'POST', headers, body });
  if (response.status >= 300)
    throw new Error(`${origin}${path} answered ${response.status}: ${await response.text()}`);
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

      const needed = 1 + settings.warmupRequests + settings.rounds * settings.roundRequests;
      const perLle = 2 * PLACEMENTS_PER_YEAR * HALF_DAYS_PER_PLACEMENT;
      const lles = Math.ceil(needed / perLle);
      context.log(
        `http: designating ${lles} LLEs and brokering ${lles * 2 * PLACEMENTS_PER_YEAR} placements through ` +
          `the use cases, for ${formatNumber(needed)} days to log`,
      );
      const slots = await openPlacements(apiDb.url, {
        lles,
        placementsPerYear: PLACEMENTS_PER_YEAR,
        halfDaysPerPlacement: HALF_DAYS_PER_PLACEMENT,
      });
      if (slots.length < needed) throw new Error(`Only ${slots.length} days set up, ${needed} needed`);
      const tokens = new Map<AllianceCode, string>();
      for (const alliance of new Set(slots.map((slot) => slot.alliance))) {
        tokens.set(
          alliance,
          await signDevToken({
            subject: `bench-broker-${alliance.toLowerCase()}`,
            role: 'broker',
            alliance,
            audience: process.env.AUTH_AUDIENCE ?? 'lle-brokerage',
            ttlSeconds: 3600,
          }),
        );
      }

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
      const servers = [
        { name: 'ours', child: api, next: logSupportDay(slots, tokens) },
        { name: 'bare', child: bare, next: bareRequest },
      ];
      const targets = await Promise.all(
        servers.map(async (server) => ({
          ...server,
          origin: `http://127.0.0.1:${await server.child.request<number>('port', {})}`,
        })),
      );

      // Peak RSS from here on: under load, not while starting (Nest, the OpenAPI document).
      const resetPeak = targets.every((target) => resetPeakRss(target.child.pid));
      for (const target of targets) {
        await probe(target.origin, target.next);
        context.log(`http: warming up ${target.name} with ${formatNumber(settings.warmupRequests)} requests`);
        await load(target.origin, target.next, settings.warmupRequests, target.child.pid);
      }
      const samples = await alternateRounds(
        targets.map((target) => ({
          name: target.name,
          run: () => load(target.origin, target.next, settings.roundRequests, target.child.pid),
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
