import {
  daysFrom,
  type AllianceCode,
  type LocalDate,
  type RequestingBody,
  type VatAsCharged,
} from '@lle/domain';
import type { Queryable } from '@lle/projections';
import {
  dateSql,
  namedBodyOf,
  pence,
  requestingBodySql,
  sumSql,
  type NamedBodyColumns,
} from './finance-columns';

/** An invoice with what has been credited and paid against it (as at a date, or now). */
export interface InvoiceSummary {
  readonly invoiceId: string;
  readonly invoiceNumber: string;
  readonly sequence: number;
  readonly alliance: AllianceCode;
  readonly requestingBody: RequestingBody;
  readonly requestingBodyName: string;
  readonly periodFrom: LocalDate;
  readonly periodTo: LocalDate;
  readonly issuedOn: LocalDate;
  readonly dueOn: LocalDate;
  readonly paymentTermsDays: number;
  readonly netPence: number;
  readonly vatPence: number;
  readonly totalPence: number;
  readonly creditedPence: number;
  readonly paidPence: number;
  /** total − credited − paid: what is still owed on it (negative when overpaid after a credit note). */
  readonly balancePence: number;
}

export interface InvoiceLineView {
  readonly lineNumber: number;
  readonly chargeId: string;
  readonly dayId: string;
  readonly placementId: string;
  readonly date: LocalDate;
  readonly halfDays: number;
  readonly dayRatePence: number;
  readonly netPence: number;
  readonly vat: VatAsCharged;
  readonly grossPence: number;
}

export interface CreditNoteView {
  readonly creditNoteId: string;
  readonly creditNoteNumber: string;
  readonly issuedOn: LocalDate;
  readonly netPence: number;
  readonly vatPence: number;
  readonly totalPence: number;
  readonly lines: ReadonlyArray<
    InvoiceLineView & { readonly invoiceLineNumber: number; readonly reason: string }
  >;
}

export interface InvoiceDetail extends InvoiceSummary {
  readonly lines: readonly InvoiceLineView[];
  readonly creditNotes: readonly CreditNoteView[];
  readonly allocations: ReadonlyArray<{
    readonly paymentId: string;
    readonly reference: string;
    readonly receivedOn: LocalDate;
    readonly amountPence: number;
  }>;
}

export interface InvoiceFilter {
  readonly alliance?: string;
  /** Issued on or after. */
  readonly from?: LocalDate;
  /** Issued on or before. */
  readonly to?: LocalDate;
  /** Only those with a balance still owed. */
  readonly open?: boolean;
}

/** What a requesting body owes an alliance, aged by days past the invoice date. */
export interface Receivable {
  readonly alliance: AllianceCode;
  readonly requestingBody: RequestingBody;
  readonly requestingBodyName: string;
  readonly invoices: number;
  /** Balances of invoices 0 to 30, 31 to 60, 61 to 90, and more than 90 days past their invoice date. */
  readonly aged: {
    readonly days0To30: number;
    readonly days31To60: number;
    readonly days61To90: number;
    readonly over90Days: number;
  };
  /** Unallocated payments held on account, and overpayments of credited invoices. */
  readonly creditOnAccountPence: number;
  /** The aged balances less the credit on account. */
  readonly owedPence: number;
}

interface InvoiceRow extends NamedBodyColumns {
  invoice_id: string;
  invoice_number: string;
  sequence: number;
  alliance: AllianceCode;
  period_from: LocalDate;
  period_to: LocalDate;
  issued_on: LocalDate;
  due_on: LocalDate;
  payment_terms_days: number;
  net_pence: number;
  vat_pence: number;
  total_pence: number;
  credited: string;
  paid: string;
}

interface LineRow {
  line_number: number;
  charge_id: string;
  day_id: string;
  placement_id: string;
  day_date: LocalDate;
  half_days: number;
  day_rate_pence: number;
  net_pence: number;
  vat_treatment: VatAsCharged['treatment'];
  vat_rate_bps: number;
  vat_pence: number;
  gross_pence: number;
}

/**
 * The invoices with what was credited (credit notes issued on or before $1) and paid (payments received on
 * or before $1) against them; $1 null: everything so far.
 */
const INVOICE_SELECT = `
  SELECT i.invoice_id, i.invoice_number, i.sequence, i.alliance, ${requestingBodySql('i')},
         ${dateSql('i.period_from')}, ${dateSql('i.period_to')}, ${dateSql('i.issued_on')}, ${dateSql('i.due_on')},
         i.payment_terms_days, i.net_pence, i.vat_pence, i.total_pence,
         (SELECT ${sumSql('cn.total_pence')} FROM finance_credit_notes cn
           WHERE cn.invoice_id = i.invoice_id AND ($1::date IS NULL OR cn.issued_on <= $1)) AS credited,
         (SELECT ${sumSql('a.amount_pence')} FROM finance_allocations a
           WHERE a.invoice_id = i.invoice_id AND ($1::date IS NULL OR a.received_on <= $1)) AS paid
    FROM finance_invoices i`;

/** Reads invoices, credit notes, payments and allocations (projection `finance_ledger`). */
export class InvoicesQuery {
  constructor(private readonly db: Queryable) {}

  /** Invoices by alliance and number, with their balances now. */
  async list(filter: InvoiceFilter = {}): Promise<InvoiceSummary[]> {
    const rows = await this.db.query<InvoiceRow[]>(
      `${INVOICE_SELECT}
        WHERE ($2::text IS NULL OR i.alliance = $2) AND ($3::date IS NULL OR i.issued_on >= $3)
          AND ($4::date IS NULL OR i.issued_on <= $4)
        ORDER BY i.alliance, i.sequence`,
      [null, filter.alliance ?? null, filter.from ?? null, filter.to ?? null],
    );
    const invoices = rows.map(toSummary);
    return filter.open ? invoices.filter((invoice) => invoice.balancePence > 0) : invoices;
  }

  /** The invoice with its lines, credit notes and the payments allocated to it; undefined if none. */
  async get(invoiceId: string): Promise<InvoiceDetail | undefined> {
    const [row] = await this.db.query<InvoiceRow[]>(`${INVOICE_SELECT} WHERE i.invoice_id = $2`, [
      null,
      invoiceId,
    ]);
    if (!row) return undefined;
    const [lines, notes, noteLines, allocations] = await Promise.all([
      this.db.query<LineRow[]>(
        `SELECT line_number, charge_id, day_id, placement_id, ${dateSql('day_date')}, half_days, day_rate_pence,
                net_pence, vat_treatment, vat_rate_bps, vat_pence, gross_pence
           FROM finance_invoice_lines WHERE invoice_id = $1 ORDER BY line_number`,
        [invoiceId],
      ),
      this.db.query<
        Array<{
          credit_note_id: string;
          credit_note_number: string;
          issued_on: LocalDate;
          net_pence: number;
          vat_pence: number;
          total_pence: number;
        }>
      >(
        `SELECT credit_note_id, credit_note_number, ${dateSql('issued_on')}, net_pence, vat_pence, total_pence
           FROM finance_credit_notes WHERE invoice_id = $1 ORDER BY sequence`,
        [invoiceId],
      ),
      this.db.query<Array<LineRow & { credit_note_id: string; invoice_line_number: number; reason: string }>>(
        `SELECT l.credit_note_id, l.line_number, l.invoice_line_number, l.charge_id, l.day_id, l.placement_id,
                ${dateSql('l.day_date')}, l.half_days, 0 AS day_rate_pence, l.net_pence, l.vat_treatment,
                l.vat_rate_bps, l.vat_pence, l.gross_pence, l.reason
           FROM finance_credit_note_lines l JOIN finance_credit_notes n ON n.credit_note_id = l.credit_note_id
          WHERE n.invoice_id = $1 ORDER BY l.credit_note_id, l.line_number`,
        [invoiceId],
      ),
      this.db.query<
        Array<{ payment_id: string; reference: string; received_on: LocalDate; amount_pence: number }>
      >(
        `SELECT a.payment_id, p.reference, ${dateSql('a.received_on')}, a.amount_pence
           FROM finance_allocations a JOIN finance_payments p ON p.payment_id = a.payment_id
          WHERE a.invoice_id = $1 ORDER BY a.received_on, p.position`,
        [invoiceId],
      ),
    ]);
    return {
      ...toSummary(row),
      lines: lines.map(toLine),
      creditNotes: notes.map((note) => ({
        creditNoteId: note.credit_note_id,
        creditNoteNumber: note.credit_note_number,
        issuedOn: note.issued_on,
        netPence: note.net_pence,
        vatPence: note.vat_pence,
        totalPence: note.total_pence,
        lines: noteLines
          .filter((line) => line.credit_note_id === note.credit_note_id)
          .map((line) => ({
            ...toLine(line),
            invoiceLineNumber: line.invoice_line_number,
            reason: line.reason,
          })),
      })),
      allocations: allocations.map((a) => ({
        paymentId: a.payment_id,
        reference: a.reference,
        receivedOn: a.received_on,
        amountPence: a.amount_pence,
      })),
    };
  }

  /**
   * What each requesting body owes as at a date: invoices issued by then, less credit notes issued and
   * payments received by then, each balance aged by the days from its invoice date to `asAt`.
   */
  async receivables(asAt: LocalDate, alliance?: string): Promise<Receivable[]> {
    const rows = await this.db.query<InvoiceRow[]>(
      `${INVOICE_SELECT}
        WHERE i.issued_on <= $1 AND ($2::text IS NULL OR i.alliance = $2)
        ORDER BY i.alliance, i.sequence`,
      [asAt, alliance ?? null],
    );
    const onAccount = await this.db.query<
      Array<NamedBodyColumns & { alliance: AllianceCode; credit: string }>
    >(
      `SELECT p.alliance, ${requestingBodySql('p')}, ${sumSql('p.credit_on_account_pence')} AS credit
         FROM finance_payments p
        WHERE p.received_on <= $1 AND ($2::text IS NULL OR p.alliance = $2)
        GROUP BY p.alliance, p.requesting_body_kind, p.requesting_body_urn, p.requesting_body_la_code,
                 p.requesting_body_diocese`,
      [asAt, alliance ?? null],
    );
    const tallies = new Map<string, Tally>();
    const tallyOf = (row: NamedBodyColumns & { alliance: AllianceCode }): Tally => {
      const { requestingBody, name } = namedBodyOf(row);
      const key = `${row.alliance}\u0000${JSON.stringify(requestingBody)}`;
      const tally = tallies.get(key) ?? {
        alliance: row.alliance,
        requestingBody,
        requestingBodyName: name,
        invoices: 0,
        aged: { days0To30: 0, days31To60: 0, days61To90: 0, over90Days: 0 },
        creditOnAccountPence: 0,
      };
      tallies.set(key, tally);
      return tally;
    };
    for (const row of rows) {
      const invoice = toSummary(row);
      const tally = tallyOf(row);
      tally.invoices += 1;
      if (invoice.balancePence < 0) tally.creditOnAccountPence -= invoice.balancePence;
      else tally.aged[ageBucket(daysFrom(invoice.issuedOn, asAt))] += invoice.balancePence;
    }
    for (const row of onAccount) tallyOf(row).creditOnAccountPence += pence(row.credit);
    return [...tallies.values()]
      .map((tally) => {
        const { days0To30, days31To60, days61To90, over90Days } = tally.aged;
        const owedPence = days0To30 + days31To60 + days61To90 + over90Days - tally.creditOnAccountPence;
        return { ...tally, aged: { ...tally.aged }, owedPence };
      })
      .sort(
        (a, b) =>
          a.alliance.localeCompare(b.alliance) || a.requestingBodyName.localeCompare(b.requestingBodyName),
      );
  }
}

/** A receivable while it is being added up. */
interface Tally {
  readonly alliance: AllianceCode;
  readonly requestingBody: RequestingBody;
  readonly requestingBodyName: string;
  invoices: number;
  readonly aged: Record<keyof Receivable['aged'], number>;
  creditOnAccountPence: number;
}

function ageBucket(days: number): keyof Receivable['aged'] {
  if (days <= 30) return 'days0To30';
  if (days <= 60) return 'days31To60';
  if (days <= 90) return 'days61To90';
  return 'over90Days';
}

function toSummary(row: InvoiceRow): InvoiceSummary {
  const { requestingBody, name } = namedBodyOf(row);
  const creditedPence = pence(row.credited);
  const paidPence = pence(row.paid);
  return {
    invoiceId: row.invoice_id,
    invoiceNumber: row.invoice_number,
    sequence: row.sequence,
    alliance: row.alliance,
    requestingBody,
    requestingBodyName: name,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    issuedOn: row.issued_on,
    dueOn: row.due_on,
    paymentTermsDays: row.payment_terms_days,
    netPence: row.net_pence,
    vatPence: row.vat_pence,
    totalPence: row.total_pence,
    creditedPence,
    paidPence,
    balancePence: row.total_pence - creditedPence - paidPence,
  };
}

function toLine(row: LineRow): InvoiceLineView {
  return {
    lineNumber: row.line_number,
    chargeId: row.charge_id,
    dayId: row.day_id,
    placementId: row.placement_id,
    date: row.day_date,
    halfDays: row.half_days,
    dayRatePence: row.day_rate_pence,
    netPence: row.net_pence,
    vat: { treatment: row.vat_treatment, rateBps: row.vat_rate_bps, vatPence: row.vat_pence },
    grossPence: row.gross_pence,
  };
}
