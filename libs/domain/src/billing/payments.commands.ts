import type { AllianceCode } from '../alliances/alliances';
import type { RequestingBody } from '../brokerage/support-request.events';
import type { LocalDate } from '../shared/calendar';
import type { Command } from '../shared/command';
import type { InvoicingEvent } from './invoicing.events';

/** A payment from a requesting body, allocated to the invoices named (in that order), else oldest first. */
export type RecordPayment = Command<
  'RecordPayment',
  {
    paymentId: string;
    alliance: AllianceCode;
    payer: RequestingBody;
    amountPence: number;
    receivedOn: LocalDate;
    reference: string;
    /** Invoice numbers to pay, in order; left out: the payer's oldest open invoices first. */
    invoiceIds?: string[];
  }
>;

export type PaymentCommand = RecordPayment;

/** An invoice as payments see it: what it came to, less its credit notes. */
export interface InvoiceDue {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly sequence: number;
  readonly requestingBody: RequestingBody;
  readonly issuedOn: LocalDate;
  readonly totalPence: number;
  readonly creditedPence: number;
}

/** Looked up before deciding: the alliance's invoices, from its invoices stream. */
export interface PaymentContext {
  readonly invoices: readonly InvoiceDue[];
}

/** The invoices of an alliance's invoices stream, each with the credit notes against it. */
export function invoicesDueFrom(events: readonly InvoicingEvent[]): InvoiceDue[] {
  const invoices = new Map<string, InvoiceDue>();
  for (const event of events) {
    if (event.type === 'InvoiceIssued') {
      const { invoiceId, invoiceNumber, sequence, requestingBody, issuedOn, totalPence } = event.data;
      invoices.set(invoiceId, {
        invoiceId,
        invoiceNumber,
        sequence,
        requestingBody,
        issuedOn,
        totalPence,
        creditedPence: 0,
      });
    } else {
      const invoice = invoices.get(event.data.invoiceId);
      if (invoice) {
        invoices.set(invoice.invoiceId, {
          ...invoice,
          creditedPence: invoice.creditedPence + event.data.totalPence,
        });
      }
    }
  }
  return [...invoices.values()];
}
