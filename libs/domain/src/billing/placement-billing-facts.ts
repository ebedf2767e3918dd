import type { PlacementOpened, SupportDayLogged, SupportDayVoided } from '../brokerage/placement.events';
import type { PlacementDayFacts, PlacementEventWithId, Sourced } from './day-charge.commands';

/** A placement event with its revision in the placement's stream. */
export interface PlacementEventAt extends PlacementEventWithId {
  readonly revision: number;
}

/**
 * What billing needs of a placement's stream up to a revision: its terms, and every day logged or voided on
 * it. Events never change once recorded, so facts folded up to revision r stay true: a worker may keep them
 * and extend them with the events after r, rather than read the whole stream again for every day it bills.
 */
export interface PlacementBillingFacts {
  /** The revision of the last event folded in; -1 for none. */
  readonly revision: number;
  /** The id of that event: a reader extending the facts checks the stream still has it there. */
  readonly lastEventId?: string;
  readonly terms?: PlacementOpened['data'];
  readonly logged: ReadonlyMap<string, Sourced<SupportDayLogged['data']>>;
  readonly voided: ReadonlyMap<string, Sourced<SupportDayVoided['data']>>;
}

export const NO_PLACEMENT_BILLING_FACTS: PlacementBillingFacts = {
  revision: -1,
  logged: new Map(),
  voided: new Map(),
};

/**
 * The facts extended with the events that follow them (in revision order; events the facts already hold are
 * skipped). The first PlacementOpened gives the terms, and a day's first log and first void count, as in
 * `placementDayFacts`. Returns new facts (the maps are copied once per call, not per event).
 */
export function extendPlacementBillingFacts(
  facts: PlacementBillingFacts,
  events: readonly PlacementEventAt[],
): PlacementBillingFacts {
  const newer = events.filter((event) => event.revision > facts.revision);
  if (newer.length === 0) return facts;
  let terms = facts.terms;
  const logged = new Map(facts.logged);
  const voided = new Map(facts.voided);
  for (const event of newer) {
    if (event.type === 'PlacementOpened') {
      terms ??= event.data as PlacementOpened['data'];
    } else if (event.type === 'SupportDayLogged') {
      const data = event.data as SupportDayLogged['data'];
      if (!logged.has(data.dayId)) logged.set(data.dayId, { eventId: event.id, data });
    } else if (event.type === 'SupportDayVoided') {
      const data = event.data as SupportDayVoided['data'];
      if (!voided.has(data.dayId)) voided.set(data.dayId, { eventId: event.id, data });
    }
  }
  const last = newer.at(-1)!;
  return { revision: last.revision, lastEventId: last.id, ...(terms ? { terms } : {}), logged, voided };
}

/** What the facts say about one day: what `dayChargeDecider` decides from. */
export function dayFactsOf(facts: PlacementBillingFacts, dayId: string): PlacementDayFacts {
  const logged = facts.logged.get(dayId);
  const voided = facts.voided.get(dayId);
  return {
    ...(facts.terms ? { terms: facts.terms } : {}),
    ...(logged ? { logged } : {}),
    ...(voided ? { voided } : {}),
  };
}

/**
 * Whether the facts already hold what a billing job needs: the placement's terms and the very event it was
 * enqueued for. A job needs no more of the stream than that: a log's job that does not see the day's later
 * void charges the day, and the void's own job (which does see it) reverses it, the same end state as
 * deciding both at once. Facts without the terms are read further, since the terms may be recorded after
 * the day (a job that failed for want of them is retried once they are).
 */
export function holdsDayEvent(
  facts: PlacementBillingFacts,
  source: {
    readonly dayId: string;
    readonly eventId: string;
    readonly type: 'SupportDayLogged' | 'SupportDayVoided';
  },
): boolean {
  const held = source.type === 'SupportDayLogged' ? facts.logged : facts.voided;
  return facts.terms !== undefined && held.get(source.dayId)?.eventId === source.eventId;
}
