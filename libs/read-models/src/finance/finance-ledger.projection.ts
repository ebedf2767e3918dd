import {
  assertNever,
  INVOICING_EVENT_TYPES,
  PAYMENT_EVENT_TYPES,
  SHARE_STATEMENT_EVENT_TYPES,
  type InvoicingEvent,
  type PaymentEvent,
  type RequestingBody,
  type ShareStatementEvent,
} from '@lle/domain';
import type { Projection } from '@lle/projections';
import type { EntityManager } from 'typeorm';
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
    const stamp = { recorded_at: event.recordedAt, position: event.position.toString() };
    switch (event.type) {
      case 'InvoiceIssued': {
        const d = event.data;
        await insertOnce(db, 'finance_invoices', 'invoice_id', {
          invoice_id: d.invoiceId,
          invoice_number: d.invoiceNumber,
          sequence: d.sequence,
          alliance: d.alliance,
          ...requestingBodyColumns(d.requestingBody),
          period_from: d.periodFrom,
          period_to: d.periodTo,
          issued_on: d.issuedOn,
          due_on: d.dueOn,
          payment_terms_days: d.paymentTermsDays,
          net_pence: d.netPence,
          vat_pence: d.vatPence,
          total_pence: d.totalPence,
          ...stamp,
        });
        for (const line of d.lines) {
          await insertOnce(db, 'finance_invoice_lines', 'invoice_id, line_number', {
            invoice_id: d.invoiceId,
            line_number: line.lineNumber,
            charge_id: line.chargeId,
            day_id: line.dayId,
            placement_id: line.placementId,
            day_date: line.date,
            half_days: line.halfDays,
            day_rate_pence: line.dayRatePence,
            net_pence: line.netPence,
            vat_treatment: line.vat.treatment,
            vat_rate_bps: line.vat.rateBps,
            vat_pence: line.vat.vatPence,
            gross_pence: line.grossPence,
          });
        }
        return;
      }
      case 'CreditNoteIssued': {
        const d = event.data;
        await insertOnce(db, 'finance_credit_notes', 'credit_note_id', {
          credit_note_id: d.creditNoteId,
          credit_note_number: d.creditNoteNumber,
          sequence: d.sequence,
          alliance: d.alliance,
          invoice_id: d.invoiceId,
          ...requestingBodyColumns(d.requestingBody),
          issued_on: d.issuedOn,
          net_pence: d.netPence,
          vat_pence: d.vatPence,
          total_pence: d.totalPence,
          ...stamp,
        });
        for (const line of d.lines) {
          await insertOnce(db, 'finance_credit_note_lines', 'credit_note_id, line_number', {
            credit_note_id: d.creditNoteId,
            line_number: line.lineNumber,
            invoice_line_number: line.invoiceLineNumber,
            charge_id: line.chargeId,
            day_id: line.dayId,
            placement_id: line.placementId,
            day_date: line.date,
            half_days: line.halfDays,
            net_pence: line.netPence,
            vat_treatment: line.vat.treatment,
            vat_rate_bps: line.vat.rateBps,
            vat_pence: line.vat.vatPence,
            gross_pence: line.grossPence,
            reason: line.reason,
          });
        }
        return;
      }
      case 'PaymentRecorded': {
        const d = event.data;
        await insertOnce(db, 'finance_payments', 'payment_id', {
          payment_id: d.paymentId,
          alliance: d.alliance,
          ...requestingBodyColumns(d.payer),
          amount_pence: d.amountPence,
          received_on: d.receivedOn,
          reference: d.reference,
          credit_on_account_pence: d.creditOnAccountPence,
          ...stamp,
        });
        for (const allocation of d.allocations) {
          await insertOnce(db, 'finance_allocations', 'payment_id, invoice_id', {
            payment_id: d.paymentId,
            invoice_id: allocation.invoiceId,
            invoice_number: allocation.invoiceNumber,
            amount_pence: allocation.amountPence,
            received_on: d.receivedOn,
          });
        }
        return;
      }
      case 'SharePaid': {
        const d = event.data;
        await insertOnce(db, 'finance_share_payments', 'payment_id', {
          payment_id: d.paymentId,
          alliance: d.alliance,
          school_urn: d.schoolUrn,
          amount_pence: d.amountPence,
          paid_on: d.paidOn,
          reference: d.reference,
          ...stamp,
        });
        return;
      }
      default:
        return assertNever(event);
    }
  },
};

/**
 * Inserts `row` (its keys are the columns, in order) into `table` unless a row with its `key` is there:
 * documents never change, so a row already written (a replay) stays as it is.
 */
async function insertOnce(
  db: EntityManager,
  table: string,
  key: string,
  row: Record<string, unknown>,
): Promise<void> {
  const columns = Object.keys(row);
  await db.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (${key}) DO NOTHING`,
    Object.values(row),
  );
}

/** The requesting body's four columns, by name. */
function requestingBodyColumns(body: RequestingBody): Record<string, unknown> {
  const [kind, urn, laCode, diocese] = requestingBodyValues(body);
  return {
    requesting_body_kind: kind,
    requesting_body_urn: urn,
    requesting_body_la_code: laCode,
    requesting_body_diocese: diocese,
  };
}
