import type { AllianceCode } from '../alliances/alliances';
import type { RequestingBody } from '../brokerage/support-request.events';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * What one delivered support day costs, one stream per logged day (`day-charge-<dayId>`), written by the
 * billing job from the day's SupportDayLogged (and SupportDayVoided) on its placement. The charge's id is the
 * day's id: a day is charged at most once, whichever job, retry or duplicate gets there first, because every
 * append to this stream names the revision it decided from.
 *
 * A logged day gives DayCharged (the requesting body's fee, with VAT as charged) and ShareCredited (the LLE's
 * school's share of the net fee; the alliance keeps the rest), appended together. A voided day gives
 * DayChargeReversed and ShareReversed, appended together after them, carrying the same amounts.
 */

/** How VAT applies to a requesting body's fees. `outside_scope` and `exempt` charge no VAT. */
export const VAT_TREATMENTS = ['standard', 'reduced', 'zero', 'exempt', 'outside_scope'] as const;
export type VatTreatment = (typeof VAT_TREATMENTS)[number];

/** VAT on one line, as charged: kept with the line so later changes of rate never rewrite it. */
export interface VatAsCharged {
  readonly treatment: VatTreatment;
  /** Basis points of the net amount (2000 = 20%). */
  readonly rateBps: number;
  readonly vatPence: number;
}

export type DayCharged = Event<
  'DayCharged',
  {
    /** The day's id. */
    chargeId: string;
    dayId: string;
    placementId: string;
    requestId: string;
    alliance: AllianceCode;
    requestingBody: RequestingBody;
    recipientUrn: number;
    lleId: string;
    /** Who delivered the day (the LLE or a member of their staff). */
    personId: string;
    /** The date the support was delivered. */
    date: LocalDate;
    halfDays: 1 | 2;
    /** The placement's rate per full day, in pence. */
    dayRatePence: number;
    /** The fee before VAT: the day rate, or half of it for a half day (see the money rules). */
    netPence: number;
    vat: VatAsCharged;
    /** The SupportDayLogged event this charge comes from. */
    sourceEventId: string;
  }
>;

export type ShareCredited = Event<
  'ShareCredited',
  {
    chargeId: string;
    dayId: string;
    placementId: string;
    alliance: AllianceCode;
    /** The LLE's school, owed the share. */
    lleSchoolUrn: number;
    date: LocalDate;
    /** The share in basis points of the net fee (0 to 10000), from the placement's terms. */
    shareBps: number;
    netPence: number;
    /** sharePence + allianceIncomePence === netPence, always. */
    sharePence: number;
    allianceIncomePence: number;
  }
>;

export type DayChargeReversed = Event<
  'DayChargeReversed',
  {
    chargeId: string;
    dayId: string;
    placementId: string;
    alliance: AllianceCode;
    requestingBody: RequestingBody;
    date: LocalDate;
    halfDays: 1 | 2;
    /** The amounts of the charge reversed, as they were charged. */
    netPence: number;
    vat: VatAsCharged;
    reason: string;
    /** The SupportDayVoided event this reversal comes from. */
    sourceEventId: string;
  }
>;

export type ShareReversed = Event<
  'ShareReversed',
  {
    chargeId: string;
    dayId: string;
    placementId: string;
    alliance: AllianceCode;
    lleSchoolUrn: number;
    date: LocalDate;
    netPence: number;
    sharePence: number;
    allianceIncomePence: number;
  }
>;

export type DayChargeEvent = DayCharged | ShareCredited | DayChargeReversed | ShareReversed;

export const DAY_CHARGE_EVENT_TYPES: EventTypeDefinitions<DayChargeEvent['type']> = {
  DayCharged: { schemaVersion: 1 },
  ShareCredited: { schemaVersion: 1 },
  DayChargeReversed: { schemaVersion: 1 },
  ShareReversed: { schemaVersion: 1 },
};

export function dayChargeStreamId(dayId: string): string {
  return `day-charge-${dayId}`;
}
