import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * What an alliance pays the LLEs' schools of the shares credited to them (ShareCredited less ShareReversed),
 * one stream per alliance (`share-payments-<alliance>`), so the paid total per school is decided in one place
 * and never passes what the school is owed.
 */
export type SharePaid = Event<
  'SharePaid',
  {
    paymentId: string;
    alliance: AllianceCode;
    /** The LLE's school. */
    schoolUrn: number;
    amountPence: number;
    paidOn: LocalDate;
    reference: string;
  }
>;

export type ShareStatementEvent = SharePaid;

export const SHARE_STATEMENT_EVENT_TYPES: EventTypeDefinitions<ShareStatementEvent['type']> = {
  SharePaid: { schemaVersion: 1 },
};

export function sharePaymentsStreamId(alliance: AllianceCode): string {
  return `share-payments-${alliance}`;
}
