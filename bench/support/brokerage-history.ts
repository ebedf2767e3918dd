/**
 * Brokerage histories for the benchmarks, made through the use cases the API runs (apps/cli's demo seed):
 *
 * - `seedDemoHistory`: the demo seed's history of a given size (rounds, designations, placements and days);
 * - `openPlacements`: LLEs designated through the seed, each with placements brokered through
 *   BrokerageService and a list of distinct days still to log on them (the HTTP command bench);
 * - `multiplyHistory`: a seeded history's placement stories copied with fresh ids, appended through the
 *   event store's own append until the log holds a given number of events (the rebuild bench).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import {
  EVENT_TYPES,
  LLE_COMMITMENTS_EVENT_TYPES,
  PERSON_DAYS_EVENT_TYPES,
  PLACEMENT_EVENT_TYPES,
  SUPPORT_REQUEST_EVENT_TYPES,
  type Actor,
  type AllianceCode,
  type LocalDate,
} from '@lle/domain';
import { ANY, NO_STREAM, PostgresEventStore, type EventToAppend, type RecordedEvent } from '@lle/event-store';
import { at, weekdaysBetween } from '../../apps/cli/src/demo/dates';
import { planDemo, type DemoPlan, type DemoSize } from '../../apps/cli/src/demo/plan';
import { DemoSeeder } from '../../apps/cli/src/demo/seed';
import { demoUseCases } from '../../apps/cli/src/demo/use-cases';
import { importSchools } from '../../apps/cli/src/schools/import-schools';
import { parseSchoolsCsv, type SchoolRow } from '../../apps/cli/src/schools/parse-schools-csv';

const SCHOOLS_FILE = join(__dirname, '..', '..', 'test', 'fixtures', 'schools-sample.csv');

function schoolRows(): SchoolRow[] {
  return parseSchoolsCsv(readFileSync(SCHOOLS_FILE, 'utf8')).rows;
}

/** Runs the demo seed (schools first) against the database at `url`; `adjust` may change the plan. */
export async function seedDemoHistory(
  url: string,
  size: DemoSize,
  adjust: (plan: DemoPlan) => DemoPlan = (plan) => plan,
): Promise<{ plan: DemoPlan; events: number }> {
  const rows = schoolRows();
  const plan = adjust(
    planDemo(
      rows.map((row) => row.record),
      size,
    ),
  );
  const store = PostgresEventStore.fromUrl(url, { poolSize: 16 });
  const dataSource = await createDataSource(url).initialize();
  try {
    const schools = await importSchools(new CommandHandler(store, new EventRegistry(EVENT_TYPES)), rows, {
      importId: 'bench-schools',
      actor: { subject: 'bench-schools-import', role: 'admin' },
      concurrency: 8,
    });
    const summary = await new DemoSeeder(demoUseCases(store, dataSource), plan, { concurrency: 8 }).run();
    return { plan, events: summary.events + schools.recorded };
  } finally {
    await dataSource.destroy();
    await store.close();
  }
}

/** One day still to log: where, when, and as whom (a broker of the placement's alliance names the LLE). */
export interface DaySlot {
  readonly placementId: string;
  readonly alliance: AllianceCode;
  readonly personId: string;
  readonly date: LocalDate;
}

export interface OpenPlacementsOptions {
  readonly lles: number;
  /** Placements brokered per LLE in each of the demo's two academic years. */
  readonly placementsPerYear: number;
  /** Half-days agreed on each (above the six-day guideline, so brokered with an override). */
  readonly halfDaysPerPlacement: number;
}

const YEARS = [
  { label: '2024/25', start: '2024-09-02', end: '2025-07-18', requestedOn: '2024-08-12' },
  { label: '2025/26', start: '2025-09-01', end: '2026-07-17', requestedOn: '2025-08-11' },
] as const;

/**
 * Designates `lles` LLEs through the demo seed (with the capacity the placements need), brokers their
 * placements through BrokerageService, and answers the days to log, one half-day each: every date distinct
 * for its LLE (so the one-day-per-person rule never refuses one), every placement's days within its agreed
 * half-days, ordered round-robin across the LLEs so that concurrent requests touch different streams.
 */
export async function openPlacements(url: string, options: OpenPlacementsOptions): Promise<DaySlot[]> {
  const { lles, placementsPerYear, halfDaysPerPlacement } = options;
  const capacityDays = Math.ceil((placementsPerYear * halfDaysPerPlacement) / 2);
  await seedDemoHistory(url, { lles, placements: 0, days: 0 }, (plan) => ({
    ...plan,
    applications: plan.applications.map((application) =>
      application.designation
        ? {
            ...application,
            designation: { ...application.designation, daysPerAcademicYear: capacityDays },
          }
        : application,
    ),
  }));
  const store = PostgresEventStore.fromUrl(url, { poolSize: 16 });
  const dataSource = await createDataSource(url).initialize();
  try {
    const { brokerage } = demoUseCases(store, dataSource);
    const designated = (await store.readAll())
      .filter((event) => event.type === 'LLEDesignated')
      .map((event) => event.data as { lleId: string; alliance: AllianceCode; schoolUrn: number });
    const schools = schoolRows()
      .map((row) => row.record)
      .filter((school) => school.status === 'Open' && ['Primary', 'Secondary'].includes(school.phase));
    const perLle = await inParallel(designated, 8, async (lle, index): Promise<DaySlot[]> => {
      const broker: Actor = {
        subject: `bench-broker-${lle.alliance.toLowerCase()}`,
        role: 'broker',
        alliance: lle.alliance,
      };
      const slots: DaySlot[] = [];
      for (const year of YEARS) {
        const dates = weekdaysBetween(year.start, year.end);
        for (let p = 0; p < placementsPerYear; p++) {
          const recipient = schools.filter((school) => school.urn !== lle.schoolUrn)[
            (index * 7 + p) % (schools.length - 1)
          ]!;
          const metadata = (date: LocalDate) => ({
            now: at(date),
            actor: broker,
            correlationId: randomUUID(),
            causationId: randomUUID(),
          });
          const { requestId } = await brokerage.requestSupport(
            {
              alliance: lle.alliance,
              requestingBody: { kind: 'local_authority', laCode: recipient.laCode },
              recipientUrn: recipient.urn,
              need: 'A new head needs coaching on leading teaching and learning',
              phase: recipient.phase,
              preferredStart: year.start,
              halfDaysHopedFor: halfDaysPerPlacement,
            },
            metadata(year.requestedOn),
          );
          const { placementId } = await brokerage.brokerPlacement(
            {
              requestId,
              lleId: lle.lleId,
              halfDaysAgreed: halfDaysPerPlacement,
              startDate: year.start,
              endPoint: {
                date: year.end,
                description: 'The head leads the improvement plan without support',
              },
              dayRatePence: 45_000,
              lleSchoolShareBps: 6_000,
              objectives: [{ objectiveId: 'objective-1', description: 'The senior team owns the plan' }],
              guidelineOverride: { reason: 'The LA asked for more days this year' },
            },
            metadata(year.requestedOn),
          );
          for (let s = 0; s < halfDaysPerPlacement; s++) {
            const date = dates[p * halfDaysPerPlacement + s];
            if (date === undefined) throw new Error(`${year.label} has too few weekdays for the days asked`);
            slots.push({ placementId, alliance: lle.alliance, personId: lle.lleId, date });
          }
        }
      }
      return slots;
    });
    const longest = Math.max(0, ...perLle.map((slots) => slots.length));
    const ordered: DaySlot[] = [];
    for (let k = 0; k < longest; k++) {
      for (const slots of perLle) {
        const slot = slots[k];
        if (slot) ordered.push(slot);
      }
    }
    return ordered;
  } finally {
    await dataSource.destroy();
    await store.close();
  }
}

/** Runs `work` on every item, at most `concurrency` at once; answers the results in the items' order. */
export async function inParallel<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * What a copy holds: the brokerage's events only, never what was derived from them (billing's charges), so a
 * copied day is one still to bill.
 */
const BROKERAGE_TYPES = new Set(
  [
    SUPPORT_REQUEST_EVENT_TYPES,
    LLE_COMMITMENTS_EVENT_TYPES,
    PLACEMENT_EVENT_TYPES,
    PERSON_DAYS_EVENT_TYPES,
  ].flatMap((types) => Object.keys(types)),
);

/** Streams a copy gets its own of: a placement story's (the request, the placement). */
const COPIED_STREAM_TYPES = new Set(['SupportRequested', 'PlacementOpened']);

export interface MultiplyOptions {
  /** The number of events the log should hold at the end. */
  readonly totalEvents: number;
  readonly writers?: number;
  /** Events gathered per append on the streams copies share (an LLE's commitments and days). */
  readonly sharedAppendSize?: number;
  readonly onProgress?: (events: number) => void;
}

/**
 * Copies the seeded history's placement stories (each support request's stream and each placement's, with
 * the events the same story wrote on the LLE's commitments and days streams) with fresh ids for everything
 * the story made (placement, request, day, correlation and causation ids), keeping the LLEs, schools and
 * people it names, until the log holds `totalEvents`. Appended through `appendToStream`: a copy's own
 * streams in one append each, the shared ones gathered into bigger appends. So the log has the demo's mix
 * of event types and sizes, at the scale asked, in a fraction of the time the commands would take.
 */
export async function multiplyHistory(url: string, options: MultiplyOptions): Promise<number> {
  const { totalEvents, writers = 8, sharedAppendSize = 200 } = options;
  const store = PostgresEventStore.fromUrl(url, { poolSize: writers + 2 });
  try {
    const history = await store.readAll();
    const stories = placementStories(history);
    if (stories.length === 0) throw new Error('The seeded history has no placement stories to copy');
    let events = history.length;
    const shared = new Map<string, EventToAppend[]>();
    const flushShared = async (streamId: string, force: boolean): Promise<void> => {
      const pending = shared.get(streamId);
      if (!pending || pending.length === 0 || (!force && pending.length < sharedAppendSize)) return;
      shared.set(streamId, []);
      await store.appendToStream(streamId, pending, ANY);
    };
    let copy = 0;
    const worker = async (): Promise<void> => {
      while (events < totalEvents) {
        const story = stories[copy++ % stories.length]!;
        const fresh = new Map<string, string>();
        const remap = (text: string): string =>
          text.replace(UUID, (id) => (story.keep.has(id) ? id : (fresh.get(id) ?? set(fresh, id))));
        const wanted = Math.min(story.size, totalEvents - events);
        events += wanted;
        let left = wanted;
        for (const [streamId, recorded] of story.streams) {
          const batch = recorded.slice(0, left).map((event): EventToAppend => ({
            id: randomUUID(),
            type: event.type,
            data: JSON.parse(remap(JSON.stringify(event.data))) as EventToAppend['data'],
            metadata: JSON.parse(remap(JSON.stringify(event.metadata))) as EventToAppend['metadata'],
          }));
          left -= batch.length;
          if (batch.length === 0) break;
          const target = remap(streamId);
          if (story.own.has(streamId)) {
            await store.appendToStream(target, batch, NO_STREAM);
          } else {
            shared.set(target, [...(shared.get(target) ?? []), ...batch]);
            await flushShared(target, false);
          }
        }
        options.onProgress?.(events);
      }
    };
    await Promise.all(Array.from({ length: writers }, worker));
    for (const streamId of shared.keys()) await flushShared(streamId, true);
    return events;
  } finally {
    await store.close();
  }
}

function set(map: Map<string, string>, id: string): string {
  const fresh = randomUUID();
  map.set(id, fresh);
  return fresh;
}

interface Story {
  /** Its events by stream, streams in the order of their first event. */
  readonly streams: Map<string, RecordedEvent[]>;
  /** The streams that are its own (copied under new ids); the others are shared with other stories. */
  readonly own: Set<string>;
  /** Ids a copy keeps: those the history had before the story (LLEs, people, clusters, schools). */
  readonly keep: { has(id: string): boolean };
  readonly size: number;
}

/**
 * The placement stories of a history: each support request's stream and the placement stream it led to,
 * with the brokerage's events written on other streams under the same correlation id (one story, one
 * correlation id).
 */
function placementStories(history: readonly RecordedEvent[]): Story[] {
  // Where each id first appears: one map for the whole history, not a set of earlier ids per story (which
  // grew with the history times its stories, and ran the billing bench's later rounds out of memory).
  const firstSeen = new Map<string, bigint>();
  for (const event of history) {
    for (const id of [event.streamId, JSON.stringify(event.data)].join(' ').match(UUID) ?? []) {
      if (!firstSeen.has(id)) firstSeen.set(id, event.position);
    }
  }
  const idsBefore = (position: bigint): Story['keep'] => ({
    has: (id) => (firstSeen.get(id) ?? position) < position,
  });
  const byCorrelation = new Map<string, RecordedEvent[]>();
  for (const event of history) {
    const key = event.metadata.correlationId ?? '';
    const events = byCorrelation.get(key);
    if (events) events.push(event);
    else byCorrelation.set(key, [event]);
  }
  const stories: Story[] = [];
  for (const story of byCorrelation.values()) {
    const events = story.filter((event) => BROKERAGE_TYPES.has(event.type));
    const own = new Set(
      events.filter((event) => COPIED_STREAM_TYPES.has(event.type)).map((event) => event.streamId),
    );
    if (own.size === 0) continue;
    const streams = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const onStream = streams.get(event.streamId);
      if (onStream) onStream.push(event);
      else streams.set(event.streamId, [event]);
    }
    const before = idsBefore(events[0]!.position);
    const sharedIds = new Set<string>();
    for (const streamId of streams.keys())
      if (!own.has(streamId)) for (const id of streamId.match(UUID) ?? []) sharedIds.add(id);
    const keep = { has: (id: string) => sharedIds.has(id) || before.has(id) };
    stories.push({ streams, own, keep, size: events.length });
  }
  return stories;
}
