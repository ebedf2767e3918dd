import type { AllianceCode } from '../alliances/alliances';
import type { RequestingBody } from '../brokerage/support-request.events';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * Money received from requesting bodies, one stream per alliance (`payments-<alliance>`): each payment with
 * its allocations to the payer's invoices, decided from what the stream has allocated already and the
 * invoices (and credit notes) on the alliance's invoices stream. What is left over is held as credit on the
 * payer's account; a part payment leaves the invoice's balance open.
 */
export interface PaymentAllocation {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly amountPence: number;
}

export type PaymentRecorded = Event<
  'PaymentRecorded',
  {
    paymentId: string;
    alliance: AllianceCode;
    payer: RequestingBody;
    amountPence: number;
    receivedOn: LocalDate;
    /** The bank reference, unique per payer. */
    reference: string;
    allocations: PaymentAllocation[];
    /** amountPence less the allocations: held as credit on the payer's account. */
    creditOnAccountPence: number;
  }
>;

export type PaymentEvent = PaymentRecorded;

export const PAYMENT_EVENT_TYPES: EventTypeDefinitions<PaymentEvent['type']> = {
  PaymentRecorded: { schemaVersion: 1 },
};

export function paymentsStreamId(alliance: AllianceCode): string {
  return `payments-${alliance}`;
}
