import { placementOpened, supportDayLogged, supportDayVoided } from './billing.fixtures';
import { placementDayFacts } from './day-charge.commands';
import {
  dayFactsOf,
  extendPlacementBillingFacts,
  holdsDayEvent,
  NO_PLACEMENT_BILLING_FACTS,
  type PlacementEventAt,
} from './placement-billing-facts';

const placementId = 'placement-1';
const terms = {
  dayRatePence: 40_000,
  lleSchoolShareBps: 2_500,
  requestingBody: { kind: 'school', urn: 1 },
} as const;
const stream: PlacementEventAt[] = [
  placementOpened(placementId, terms),
  supportDayLogged(placementId, 'day-1', 2),
  supportDayLogged(placementId, 'day-2', 1),
  supportDayVoided(placementId, 'day-1', 2, 'Wrong placement'),
  // A second log or void of a day (never written by the placement's decider) does not replace the first.
  supportDayLogged(placementId, 'day-2', 2),
  supportDayVoided(placementId, 'day-1', 2, 'Again'),
  // Amended terms later on the stream do not change the terms billed (as placementDayFacts reads them).
  placementOpened(placementId, { ...terms, dayRatePence: 1 }),
].map((event, revision) => ({ ...event, id: `event-${revision}`, revision }));

describe('placement billing facts', () => {
  it('folded in pieces, say about every day what the whole stream says', () => {
    const whole = extendPlacementBillingFacts(NO_PLACEMENT_BILLING_FACTS, stream);
    const inPieces = [stream.slice(0, 2), stream.slice(1, 4), stream.slice(4)].reduce(
      extendPlacementBillingFacts,
      NO_PLACEMENT_BILLING_FACTS,
    );
    for (const facts of [whole, inPieces]) {
      expect(facts).toMatchObject({ revision: 6, lastEventId: 'event-6' });
      for (const dayId of ['day-1', 'day-2', 'day-3']) {
        expect(dayFactsOf(facts, dayId)).toEqual(placementDayFacts(stream, dayId));
      }
    }
    expect(dayFactsOf(whole, 'day-1')).toEqual({
      terms: stream[0]!.data,
      logged: { eventId: 'event-1', data: stream[1]!.data },
      voided: { eventId: 'event-3', data: stream[3]!.data },
    });
    expect(dayFactsOf(whole, 'day-2').logged?.eventId).toBe('event-2');
    expect(dayFactsOf(whole, 'day-2').voided).toBeUndefined();
  });

  it('are not changed by extending them, and ignore events they already hold', () => {
    const first = extendPlacementBillingFacts(NO_PLACEMENT_BILLING_FACTS, stream.slice(0, 2));
    const later = extendPlacementBillingFacts(first, stream.slice(1, 3));
    expect(first.revision).toBe(1);
    expect(first.logged.has('day-2')).toBe(false);
    expect(later.logged.has('day-2')).toBe(true);
    expect(extendPlacementBillingFacts(later, stream.slice(0, 3))).toBe(later);
  });

  it('hold a job’s event only once they hold that very event: the log for a log’s job, the void for a void’s', () => {
    const upToLogs = extendPlacementBillingFacts(NO_PLACEMENT_BILLING_FACTS, stream.slice(0, 3));
    const all = extendPlacementBillingFacts(upToLogs, stream);
    const logOfDay1 = { dayId: 'day-1', eventId: 'event-1', type: 'SupportDayLogged' } as const;
    const voidOfDay1 = { dayId: 'day-1', eventId: 'event-3', type: 'SupportDayVoided' } as const;
    expect(holdsDayEvent(upToLogs, logOfDay1)).toBe(true);
    expect(holdsDayEvent(upToLogs, voidOfDay1)).toBe(false);
    expect(holdsDayEvent(all, voidOfDay1)).toBe(true);
    // The second log of day-2 is not the one the facts hold.
    expect(holdsDayEvent(all, { dayId: 'day-2', eventId: 'event-4', type: 'SupportDayLogged' })).toBe(false);
    expect(holdsDayEvent(NO_PLACEMENT_BILLING_FACTS, logOfDay1)).toBe(false);
    // A day recorded before the placement's terms: not enough until the terms are there too.
    const dayFirst = [stream[1]!, stream[0]!].map((event, revision) => ({ ...event, revision }));
    const withoutTerms = extendPlacementBillingFacts(NO_PLACEMENT_BILLING_FACTS, dayFirst.slice(0, 1));
    expect(holdsDayEvent(withoutTerms, logOfDay1)).toBe(false);
    expect(holdsDayEvent(extendPlacementBillingFacts(withoutTerms, dayFirst), logOfDay1)).toBe(true);
  });
});
