import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { PlainError, runOrExit } from '@lle/config';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES, schoolStreamId } from '@lle/domain';
import { createEventStore, type EventStore } from '@lle/event-store';
import { DEMO_SIZES, planDemo, type DemoPlan, type DemoSize } from './demo/plan';
import { seedFinanceHistory } from './demo/finance-history';
import { DemoSeeder } from './demo/seed';
import { demoUseCases } from './demo/use-cases';
import { loadSettings } from './load-settings';
import { importSchools } from './schools/import-schools';
import { parseSchoolsCsv } from './schools/parse-schools-csv';

const USAGE = `Usage: npm run seed:demo -- [--size small|large] [--lles N --placements N --days N]
                         [--schools FILE.csv] [--concurrency N]
  small (default): ${described(DEMO_SIZES.small)}; large: ${described(DEMO_SIZES.large)}`;
const DEFAULT_SCHOOLS = '../shared/data/schools-east.csv';
/** A rough rate for the estimate: a run of 200 LLEs, 2,000 placements and 20,000 days on the local PostgreSQL. */
const ESTIMATED_EVENTS_PER_SECOND = 1_100;

/**
 * `npm run seed:demo`: builds a realistic history of two academic years through the commands the API runs
 * (rounds, applications through every stage, designations in clusters, requests, placements, days logged,
 * transferred and voided, early ends and impact evaluations), against the configured event store and
 * database. The same size always plans the same history, and running it again writes nothing.
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const settings = loadSettings();
  if (!existsSync(args.schools))
    throw new PlainError(`No schools file at ${resolve(args.schools)}\n${USAGE}`);
  const { rows } = parseSchoolsCsv(readFileSync(resolve(args.schools), 'utf8'));
  const plan = planDemo(
    rows.map((row) => row.record),
    args.size,
  );
  printPlan(plan);

  const store = createEventStore(settings);
  const dataSource = await createDataSource(settings.DATABASE_URL).initialize();
  try {
    await ensureSchools(store, plan, rows, args.schools);
    const seeder = new DemoSeeder(demoUseCases(store, dataSource), plan, {
      concurrency: args.concurrency,
      onPhase: (phase, stories) =>
        console.log(`${phase}: ${count(stories)} ${stories === 1 ? 'story' : 'stories'}`),
    });
    const started = Date.now();
    let last = { at: started, events: 0 };
    const timer = setInterval(() => {
      const { phase, storiesDone, storiesTotal, commands, events } = seeder.progress;
      const now = Date.now();
      const rate = ((events - last.events) * 1000) / Math.max(1, now - last.at);
      last = { at: now, events };
      console.log(
        `  ${phase}: ${count(storiesDone)}/${count(storiesTotal)} stories, ${count(commands)} commands, ` +
          `${count(events)} events written (${count(Math.round(rate))} events/s), ${seconds(now - started)}`,
      );
    }, 3_000);
    let summary;
    try {
      summary = await seeder.run();
    } finally {
      clearInterval(timer);
    }
    console.log(
      `Done in ${seconds(summary.elapsedMs)}: ${count(summary.commands)} commands, ` +
        `${count(summary.events)} events written (${count(Math.round((summary.events * 1000) / Math.max(1, summary.elapsedMs)))} events/s)` +
        (summary.events === 0 ? '; the history was already there, nothing new was written.' : '.'),
    );
    for (const phase of summary.byPhase) {
      console.log(
        `  ${phase.phase}: ${count(phase.stories)} stories, ${count(phase.commands)} commands, ` +
          `${count(phase.events)} events, ${seconds(phase.ms)}`,
      );
    }
    // Billing, invoices, payments and shares paid for the history above (apps/cli/src/demo/finance-history.ts).
    const finance = await seedFinanceHistory(store, (line) => console.log(line));
    console.log(`  finance: ${count(finance.events)} events written`);
    console.log('The worker projects the read models (npm run start:worker, or npm start).');
  } finally {
    await dataSource.destroy();
    await store.close();
  }
}

interface Args {
  size: DemoSize;
  schools: string;
  concurrency: number;
}

function parseArgs(argv: readonly string[]): Args {
  const options = new Map<string, string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    if (arg === '--help' || arg === '-h') throw new PlainError(USAGE);
    const [name, inline] = arg.split('=', 2) as [string, string | undefined];
    if (!name.startsWith('--')) throw new PlainError(`Unexpected argument ${arg}\n${USAGE}`);
    const value = inline ?? argv[++k];
    if (value === undefined) throw new PlainError(`${name} needs a value\n${USAGE}`);
    options.set(name.slice(2), value);
  }
  const known = new Set(['size', 'lles', 'placements', 'days', 'schools', 'concurrency']);
  for (const name of options.keys()) {
    if (!known.has(name)) throw new PlainError(`Unknown option --${name}\n${USAGE}`);
  }
  const sizeName = options.get('size') ?? 'small';
  if (sizeName !== 'small' && sizeName !== 'large')
    throw new PlainError(`--size is small or large\n${USAGE}`);
  const preset: DemoSize = DEMO_SIZES[sizeName];
  const number = (name: string, fallback: number, min: number): number => {
    const given = options.get(name);
    if (given === undefined) return fallback;
    const value = Number(given);
    if (!Number.isInteger(value) || value < min) {
      throw new PlainError(`--${name} is a whole number of at least ${min}\n${USAGE}`);
    }
    return value;
  };
  return {
    size: {
      lles: number('lles', preset.lles, 1),
      placements: number('placements', preset.placements, 0),
      days: number('days', preset.days, 0),
    },
    schools: options.get('schools') ?? DEFAULT_SCHOOLS,
    concurrency: number('concurrency', 8, 1),
  };
}

/** The seed names real schools: each must be recorded, else the schools file is imported first. */
async function ensureSchools(
  store: EventStore,
  plan: DemoPlan,
  rows: ReturnType<typeof parseSchoolsCsv>['rows'],
  file: string,
): Promise<void> {
  const missing: number[] = [];
  for (const urn of plan.schoolUrns) {
    if ((await store.readStream(schoolStreamId(urn), { maxCount: 1 })).length === 0) missing.push(urn);
  }
  if (missing.length === 0) return;
  console.log(
    `${count(missing.length)} of the schools the seed names are not recorded: importing ${file} first`,
  );
  const summary = await importSchools(new CommandHandler(store, new EventRegistry(EVENT_TYPES)), rows, {
    importId: randomUUID(),
    actor: { subject: 'schools-import', role: 'admin' },
  });
  console.log(
    `  schools: ${summary.recorded} new, ${summary.changed} changed, ${summary.unchanged} unchanged`,
  );
}

function printPlan(plan: DemoPlan): void {
  const { expected } = plan;
  const total = Object.values(expected).reduce((sum, n) => sum + n, 0);
  console.log(
    `Demo history "${plan.tag}" (academic years 2024/25 and 2025/26): ${count(plan.applications.length)} applications, ` +
      `${count(expected.LLEDesignated ?? 0)} LLEs in ${count(plan.clusters.length)} clusters, ` +
      `${count(expected.PlacementBrokered ?? 0)} placements (${count(
        plan.placements.filter((p) => p.guidelineOverride).length,
      )} over the guideline, ${count(expected.PlacementEndedEarly ?? 0)} ended early, ` +
      `${count(expected.ImpactEvaluationRecorded ?? 0)} evaluated), ${count(expected.SupportDayLogged ?? 0)} days ` +
      `(${count(expected.SupportDayVoided ?? 0)} voided, ${count(expected.DaysTransferred ?? 0)} transfers to deputies).`,
  );
  const estimate = total / ESTIMATED_EVENTS_PER_SECOND;
  console.log(
    `About ${count(total)} events to write on an empty store; at ~${count(ESTIMATED_EVENTS_PER_SECOND)} events/s ` +
      `that is about ${estimate < 90 ? `${Math.ceil(estimate)} s` : `${Math.ceil(estimate / 60)} min`}.`,
  );
}

function described(size: DemoSize): string {
  return `${count(size.lles)} LLEs, ${count(size.placements)} placements, ${count(size.days)} days`;
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

runOrExit(main);
