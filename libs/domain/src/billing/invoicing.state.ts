import type { AllianceCode } from '../alliances/alliances';
import type { RequestingBody } from '../brokerage/support-request.events';
import type { InvoicingEvent } from './invoicing.events';

/** Where a charge went on an invoice. */
export interface InvoicedCharge {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly lineNumber: number;
  readonly requestingBody: RequestingBody;
}

/**
 * What an alliance's invoicing decisions need: how many invoices and credit notes it has issued (the next
 * numbers), which charges are on an invoice and which of those are credited already.
 */
export type InvoicingState =
  | { readonly status: 'none' }
  | {
      readonly status: 'invoicing';
      readonly alliance: AllianceCode;
      readonly invoicesIssued: number;
      readonly creditNotesIssued: number;
      readonly invoiced: ReadonlyMap<string, InvoicedCharge>;
      /** Charge id → the credit note that credited it. */
      readonly credited: ReadonlyMap<string, string>;
    };

export const initialInvoicingState = (): InvoicingState => ({ status: 'none' });

export function evolveInvoicing(state: InvoicingState, event: InvoicingEvent): InvoicingState {
  const current =
    state.status === 'none'
      ? {
          status: 'invoicing' as const,
          alliance: event.data.alliance,
          invoicesIssued: 0,
          creditNotesIssued: 0,
          invoiced: new Map<string, InvoicedCharge>(),
          credited: new Map<string, string>(),
        }
      : state;
  switch (event.type) {
    case 'InvoiceIssued': {
      const { invoiceId, invoiceNumber, sequence, lines, requestingBody } = event.data;
      if (sequence !== current.invoicesIssued + 1) return current;
      const invoiced = new Map(current.invoiced);
      for (const { chargeId, lineNumber } of lines) {
        if (!invoiced.has(chargeId))
          invoiced.set(chargeId, { invoiceId, invoiceNumber, lineNumber, requestingBody });
      }
      return { ...current, invoicesIssued: sequence, invoiced };
    }
    case 'CreditNoteIssued': {
      const { creditNoteId, sequence, lines } = event.data;
      if (sequence !== current.creditNotesIssued + 1) return current;
      const credited = new Map(current.credited);
      for (const { chargeId } of lines) if (!credited.has(chargeId)) credited.set(chargeId, creditNoteId);
      return { ...current, creditNotesIssued: sequence, credited };
    }
    default:
      return state;
  }
}
