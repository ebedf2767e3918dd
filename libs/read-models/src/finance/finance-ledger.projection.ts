import {
  assertNever,
  INVOICING_EVENT_TYPES,
  PAYMENT_EVENT_TYPES,
  SHARE_STATEMENT_EVENT_TYPES,
  type InvoicingEvent,
  type PaymentEvent,
  type ShareStatementEvent,
} from '@lle/domain';
import type { Projection } from '@lle/projections';
import { requestingBodyValues } from '../brokerage/brokerage-columns';

export type FinanceLedgerEvent = InvoicingEvent | PaymentEvent | ShareStatementEvent;

/**
 * Every finance document as issued and every payment as recorded (migration 1764320000000-finance-read-models):
 * invoices and their lines, credit notes and their lines, payments from requesting bodies and their
 * allocations, share payments to LLEs' schools. Documents are immutable, so each row is inserted once, keyed
 * by the ids the event carries; balances, ageing and statements are computed when read.
 */
export const financeLedgerProjection: Projection<FinanceLedgerEvent> = {
  name: 'finance_ledger',
  handles: [
    ...(Object.keys(INVOICING_EVENT_TYPES) as InvoicingEvent['type'][]),
    ...(Object.keys(PAYMENT_EVENT_TYPES) as PaymentEvent['type'][]),
    ...(Object.keys(SHARE_STATEMENT_EVENT_TYPES) as ShareStatementEvent['type'][]),
  ],
  tables: [
    'finance_invoices',
    'finance_invoice_lines',
    'finance_credit_notes',
    'finance_credit_note_lines',
    'finance_payments',
    'finance_allocations',
    'finance_share_payments',
  ],

  async apply(event, db) {
    const stamp = [event.recordedAt, event.position.toString()];
    switch (event.type) {
      case 'InvoiceIssued': {
        const d = event.data;
        await db.query(
          `INSERT INTO finance_invoices (invoice_id, invoice_number, sequence, alliance, requesting_body_kind,
                                         requesting_body_urn, requesting_body_la_code, requesting_body_diocese,
                                         period_from, period_to, issued_on, due_on, payment_terms_days,
                                         net_pence, vat_pence, total_pence, recorded_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
           ON CONFLICT (invoice_id) DO NOTHING`,
          [
            d.invoiceId,
            d.invoiceNumber,
            d.sequence,
            d.alliance,
            ...requestingBodyValues(d.requestingBody),
            d.periodFrom,
            d.periodTo,
            d.issuedOn,
            d.dueOn,
            d.paymentTermsDays,
            d.netPence,
            d.vatPence,
            d.totalPence,
            ...stamp,
          ],
        );
        for (const line of d.lines) {
          await db.query(
            `INSERT INTO finance_invoice_lines (invoice_id, line_number, charge_id, day_id, placement_id, day_date,
                                                half_days, day_rate_pence, net_pence, vat_treatment, vat_rate_bps,
                                                vat_pence, gross_pence)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (invoice_id, line_number) DO NOTHING`,
            [
              d.invoiceId,
              line.lineNumber,
              line.chargeId,
              line.dayId,
              line.placementId,
              line.date,
              line.halfDays,
              line.dayRatePence,
              line.netPence,
              line.vat.treatment,
              line.vat.rateBps,
              line.vat.vatPence,
              line.grossPence,
            ],
          );
        }
        return;
      }
      case 'CreditNoteIssued': {
        const d = event.data;
        await db.query(
          `INSERT INTO finance_credit_notes (credit_note_id, credit_note_number, sequence, alliance, invoice_id,
                                             requesting_body_kind, requesting_body_urn, requesting_body_la_code,
                                             requesting_body_diocese, issued_on, net_pence, vat_pence, total_pence,
                                             recorded_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT (credit_note_id) DO NOTHING`,
          [
            d.creditNoteId,
            d.creditNoteNumber,
            d.sequence,
            d.alliance,
            d.invoiceId,
            ...requestingBodyValues(d.requestingBody),
            d.issuedOn,
            d.netPence,
            d.vatPence,
            d.totalPence,
            ...stamp,
          ],
        );
        for (const line of d.lines) {
          await db.query(
            `INSERT INTO finance_credit_note_lines (credit_note_id, line_number, invoice_line_number, charge_id,
                                                    day_id, placement_id, day_date, half_days, net_pence,
                                                    vat_treatment, vat_rate_bps, vat_pence, gross_pence, reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
             ON CONFLICT (credit_note_id, line_number) DO NOTHING`,
            [
              d.creditNoteId,
              line.lineNumber,
              line.invoiceLineNumber,
              line.chargeId,
              line.dayId,
              line.placementId,
              line.date,
              line.halfDays,
              line.netPence,
              line.vat.treatment,
              line.vat.rateBps,
              line.vat.vatPence,
              line.grossPence,
              line.reason,
            ],
          );
        }
        return;
      }
      case 'PaymentRecorded': {
        const d = event.data;
        await db.query(
          `INSERT INTO finance_payments (payment_id, alliance, requesting_body_kind, requesting_body_urn,
                                         requesting_body_la_code, requesting_body_diocese, amount_pence,
                                         received_on, reference, credit_on_account_pence, recorded_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (payment_id) DO NOTHING`,
          [
            d.paymentId,
            d.alliance,
            ...requestingBodyValues(d.payer),
            d.amountPence,
            d.receivedOn,
            d.reference,
            d.creditOnAccountPence,
            ...stamp,
          ],
        );
        for (const allocation of d.allocations) {
          await db.query(
            `INSERT INTO finance_allocations (payment_id, invoice_id, invoice_number, amount_pence, received_on)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (payment_id, invoice_id) DO NOTHING`,
            [
              d.paymentId,
              allocation.invoiceId,
              allocation.invoiceNumber,
              allocation.amountPence,
              d.receivedOn,
            ],
          );
        }
        return;
      }
      case 'SharePaid': {
        const d = event.data;
        await db.query(
          `INSERT INTO finance_share_payments (payment_id, alliance, school_urn, amount_pence, paid_on, reference,
                                               recorded_at, position)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (payment_id) DO NOTHING`,
          [d.paymentId, d.alliance, d.schoolUrn, d.amountPence, d.paidOn, d.reference, ...stamp],
        );
        return;
      }
      default:
        return assertNever(event);
    }
  },
};
