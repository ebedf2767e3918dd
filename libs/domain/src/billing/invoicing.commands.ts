import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Command } from '../shared/command';
import type { DayCharged, DayChargeReversed } from './day-charge.events';

/**
 * Invoices every requesting body of the alliance for its unbilled charges whose day falls in the period (one
 * invoice per body, lines by date), and credits every invoiced charge reversed since (one credit note per
 * invoice). Issued on the date of the command (in England); due `paymentTermsDays` later. Nothing new to
 * bill or credit: no events (a retry writes nothing).
 */
export type IssueInvoices = Command<
  'IssueInvoices',
  {
    alliance: AllianceCode;
    periodFrom: LocalDate;
    periodTo: LocalDate;
    paymentTermsDays: number;
  }
>;

export type InvoicingCommand = IssueInvoices;

/** A charge as invoicing needs it (from DayCharged). */
export type ChargeToInvoice = Pick<
  DayCharged['data'],
  | 'chargeId'
  | 'dayId'
  | 'placementId'
  | 'alliance'
  | 'requestingBody'
  | 'date'
  | 'halfDays'
  | 'dayRatePence'
  | 'netPence'
  | 'vat'
>;

/** A reversed charge (from DayChargeReversed). */
export type ChargeReversal = Pick<
  DayChargeReversed['data'],
  'chargeId' | 'dayId' | 'placementId' | 'date' | 'halfDays' | 'netPence' | 'vat' | 'reason'
>;

/**
 * Looked up before deciding (from the charges read model): the alliance's charges whose day falls in the
 * period, and every reversal of its charges. The stream's own state says which are invoiced already.
 */
export interface InvoicingContext {
  readonly charges: readonly ChargeToInvoice[];
  readonly reversals: readonly ChargeReversal[];
}
