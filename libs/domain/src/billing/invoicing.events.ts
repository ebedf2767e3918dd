import type { AllianceCode } from '../alliances/alliances';
import type { RequestingBody } from '../brokerage/support-request.events';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';
import type { VatAsCharged } from './day-charge.events';

/**
 * Invoices and credit notes, on ONE stream per alliance (`invoices-<alliance>`), so the alliance's numbers
 * are decided in one place: every append names the revision it decided from, two invoice runs at once
 * conflict and the loser decides again on fresh state, and a number is never used twice nor skipped. The
 * same stream knows which charges are already on an invoice (or a credit note), so none is billed twice.
 *
 * An invoice is immutable once issued: a day voided after it was invoiced is credited by a credit note
 * referring to the invoice, numbered in the alliance's own credit-note sequence (CATSA-CN-000001).
 * Amounts are integer pence, each line as charged (VAT kept with the line); totals are sums of the lines.
 */

/** One delivered day on an invoice, as charged (DayCharged). */
export interface InvoiceLine {
  readonly lineNumber: number;
  readonly chargeId: string;
  readonly dayId: string;
  readonly placementId: string;
  readonly date: LocalDate;
  readonly halfDays: 1 | 2;
  readonly dayRatePence: number;
  readonly netPence: number;
  readonly vat: VatAsCharged;
  /** netPence + vat.vatPence. */
  readonly grossPence: number;
}

export type InvoiceIssued = Event<
  'InvoiceIssued',
  {
    /** The invoice number: unique across alliances (it starts with the alliance's code). */
    invoiceId: string;
    invoiceNumber: string;
    /** 1, 2, 3… per alliance, without gaps. */
    sequence: number;
    alliance: AllianceCode;
    requestingBody: RequestingBody;
    /** The period whose days it bills (by the day's date), both included. */
    periodFrom: LocalDate;
    periodTo: LocalDate;
    issuedOn: LocalDate;
    /** issuedOn + paymentTermsDays. */
    dueOn: LocalDate;
    paymentTermsDays: number;
    lines: InvoiceLine[];
    netPence: number;
    vatPence: number;
    totalPence: number;
  }
>;

/** One reversed charge on a credit note: the invoice line it cancels, with the same amounts. */
export interface CreditNoteLine {
  readonly lineNumber: number;
  readonly invoiceLineNumber: number;
  readonly chargeId: string;
  readonly dayId: string;
  readonly placementId: string;
  readonly date: LocalDate;
  readonly halfDays: 1 | 2;
  readonly netPence: number;
  readonly vat: VatAsCharged;
  readonly grossPence: number;
  /** Why the day was voided. */
  readonly reason: string;
}

export type CreditNoteIssued = Event<
  'CreditNoteIssued',
  {
    creditNoteId: string;
    creditNoteNumber: string;
    sequence: number;
    alliance: AllianceCode;
    /** The invoice it credits (the reversed charges were all on it). */
    invoiceId: string;
    invoiceNumber: string;
    requestingBody: RequestingBody;
    issuedOn: LocalDate;
    lines: CreditNoteLine[];
    netPence: number;
    vatPence: number;
    totalPence: number;
  }
>;

export type InvoicingEvent = InvoiceIssued | CreditNoteIssued;

export const INVOICING_EVENT_TYPES: EventTypeDefinitions<InvoicingEvent['type']> = {
  InvoiceIssued: { schemaVersion: 1 },
  CreditNoteIssued: { schemaVersion: 1 },
};

export function invoicesStreamId(alliance: AllianceCode): string {
  return `invoices-${alliance}`;
}

export function invoiceNumberOf(alliance: AllianceCode, sequence: number): string {
  return `${alliance}-${String(sequence).padStart(6, '0')}`;
}

export function creditNoteNumberOf(alliance: AllianceCode, sequence: number): string {
  return `${alliance}-CN-${String(sequence).padStart(6, '0')}`;
}

/** One key per requesting body (a school by URN, a local authority by code, a diocese by name). */
export function requestingBodyKey(body: RequestingBody): string {
  switch (body.kind) {
    case 'school':
      return `school:${body.urn}`;
    case 'local_authority':
      return `local_authority:${body.laCode}`;
    default:
      return `diocese:${body.diocese}`;
  }
}
