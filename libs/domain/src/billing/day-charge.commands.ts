import type { PlacementOpened, SupportDayLogged, SupportDayVoided } from '../brokerage/placement.events';
import type { Command } from '../shared/command';
import type { BillingRules } from './billing-rules';
import type { VatTreatment } from './day-charge.events';
import {
  dayFactsOf,
  extendPlacementBillingFacts,
  NO_PLACEMENT_BILLING_FACTS,
} from './placement-billing-facts';

// The job's facts cache folds placements with these (libs/billing); exported through this module.
export * from './placement-billing-facts';

/**
 * Brings a day's charge (`day-charge-<dayId>`) up to what its placement's stream says about the day: charged
 * once it is logged, reversed once it is voided. Sent by the billing job for a SupportDayLogged or a
 * SupportDayVoided, in whatever order the jobs run; a job run again (BullMQ delivers at least once) finds
 * the stream already up to date and decides nothing.
 */
export type BillSupportDay = Command<
  'BillSupportDay',
  {
    placementId: string;
    dayId: string;
    /** The placement event the job is for: a day's log, or its void. */
    trigger: 'SupportDayLogged' | 'SupportDayVoided';
  }
>;
export type DayChargeCommand = BillSupportDay;

/** A placement event about the day, with its id (charges name the event they come from). */
export interface Sourced<E> {
  readonly eventId: string;
  readonly data: E;
}

/** What the placement's stream says about one day, read before deciding (see `placementDayFacts`). */
export interface PlacementDayFacts {
  /** The placement's terms: the day rate, the share, the requesting body, the LLE's school. */
  readonly terms?: PlacementOpened['data'];
  readonly logged?: Sourced<SupportDayLogged['data']>;
  readonly voided?: Sourced<SupportDayVoided['data']>;
}

export interface DayChargeContext {
  readonly placement: PlacementDayFacts;
  /** The requesting body's VAT treatment now (finance's setting for it, or its kind's default). */
  readonly vatTreatment: VatTreatment;
  readonly rules: BillingRules;
}

/** A recorded placement event as the facts need it. */
export interface PlacementEventWithId {
  readonly id: string;
  readonly type: string;
  readonly data: unknown;
}

/** Picks, from the placement's events, the terms and what was logged and voided for `dayId`. */
export function placementDayFacts(events: readonly PlacementEventWithId[], dayId: string): PlacementDayFacts {
  const recorded = events.map((event, revision) => ({ ...event, revision }));
  return dayFactsOf(extendPlacementBillingFacts(NO_PLACEMENT_BILLING_FACTS, recorded), dayId);
}
