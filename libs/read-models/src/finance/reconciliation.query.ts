import { feeForDay, type AllianceCode, type LocalDate } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import { dateSql, pence, sumSql } from './finance-columns';

/** Why a line of the reconciliation does not balance. */
export const RECONCILIATION_DIFFERENCES = [
  /** A delivered day with no charge (or with its charge reversed): it would never be billed. */
  'DAY_NOT_CHARGED',
  /** A charge standing for a day that was voided, or that the placements do not know. */
  'CHARGE_WITHOUT_DELIVERED_DAY',
  /** A fee without its share credited, or a share without its fee. */
  'SHARE_MISSING',
  /** share + alliance income ≠ net fee. */
  'SHARE_SPLIT_MISMATCH',
  /** A charge reversed without its share (or the other way round). */
  'REVERSAL_MISMATCH',
  /** A credit note for a charge that was not reversed. */
  'CREDIT_WITHOUT_REVERSAL',
  /** An invoice or credit note whose total is not the sum of its lines. */
  'DOCUMENT_TOTAL_MISMATCH',
  /** A payment whose allocations and credit on account do not add up to it. */
  'PAYMENT_ALLOCATION_MISMATCH',
] as const;
export type ReconciliationDifferenceCode = (typeof RECONCILIATION_DIFFERENCES)[number];

export interface ReconciliationDay {
  readonly alliance: AllianceCode;
  readonly placementId: string;
  readonly dayId: string;
  readonly date: LocalDate;
  readonly halfDays: number | null;
  readonly netPence: number;
}

export interface ReconciliationDifference {
  readonly code: ReconciliationDifferenceCode;
  readonly alliance: AllianceCode;
  /** The day, charge, document or payment the line is about. */
  readonly reference: string;
  readonly placementId: string | null;
  readonly date: LocalDate | null;
  /** How far out the line is, in pence (the fee at stake for a day). */
  readonly differencePence: number;
  readonly detail: string;
}

export interface ReconciliationReport {
  readonly alliance: AllianceCode | null;
  /** No difference on any line. */
  readonly balanced: boolean;
  readonly totals: {
    readonly daysDelivered: number;
    readonly daysInvoiced: number;
    readonly daysUnbilled: number;
    readonly daysAwaitingCredit: number;
    /** Net fees of the charges standing (not reversed). */
    readonly feesNetPence: number;
    readonly sharesPence: number;
    readonly allianceIncomePence: number;
    readonly invoicedPence: number;
    readonly creditedPence: number;
    readonly paymentsPence: number;
    readonly allocatedPence: number;
    readonly creditOnAccountPence: number;
    readonly differencePence: number;
  };
  /** Delivered days charged but not yet on an invoice: the next invoice run bills them. */
  readonly unbilled: readonly ReconciliationDay[];
  /** Voided days still on an invoice: the next invoice run credits them. */
  readonly awaitingCredit: readonly ReconciliationDay[];
  readonly differences: readonly ReconciliationDifference[];
}

interface DayRow {
  alliance: AllianceCode;
  placement_id: string;
  day_id: string;
  date: LocalDate;
  half_days: number | null;
  day_known: boolean;
  day_rate_pence: number | null;
  voided: boolean;
  charge_id: string | null;
  charged: boolean;
  reversed: boolean;
  shared: boolean;
  share_reversed: boolean;
  net_pence: number | null;
  share_pence: number | null;
  alliance_income_pence: number | null;
  invoice_id: string | null;
  credited: boolean;
}

/**
 * Every delivered day (SupportDayLogged not voided, from the `placements` read model) against its charge
 * (`finance_charges`) and the invoice and credit note it is on (`finance_ledger`). A clean history has no
 * difference: each delivered day is on an invoice or listed as unbilled, the net fees equal the shares
 * plus the alliances' income, and every payment equals its allocations plus its credit on account.
 */
export class ReconciliationQuery {
  constructor(private readonly db: Queryable) {}

  async report(alliance?: AllianceCode): Promise<ReconciliationReport> {
    const scope = alliance ?? null;
    const rows = await this.db.query<DayRow[]>(
      `SELECT COALESCE(p.alliance, c.alliance) AS alliance, COALESCE(d.placement_id, c.placement_id) AS placement_id,
              COALESCE(d.day_id, c.day_id) AS day_id, to_char(COALESCE(d.day_date, c.day_date), 'YYYY-MM-DD') AS date,
              COALESCE(d.half_days, c.half_days) AS half_days, d.day_id IS NOT NULL AS day_known, p.day_rate_pence,
              d.voided_position IS NOT NULL AS voided, c.charge_id, c.charged_position IS NOT NULL AS charged,
              c.reversed_position IS NOT NULL AS reversed, c.share_position IS NOT NULL AS shared,
              c.share_reversed_position IS NOT NULL AS share_reversed, c.net_pence, c.share_pence,
              c.alliance_income_pence,
              (SELECT min(l.invoice_id) FROM finance_invoice_lines l WHERE l.charge_id = c.charge_id) AS invoice_id,
              EXISTS (SELECT 1 FROM finance_credit_note_lines l WHERE l.charge_id = c.charge_id) AS credited
         FROM placement_days d
         JOIN placements p ON p.placement_id = d.placement_id
         FULL JOIN finance_charges c ON c.day_id = d.day_id AND c.placement_id = d.placement_id
        WHERE $1::text IS NULL OR COALESCE(p.alliance, c.alliance) = $1
        ORDER BY 4, 3`,
      [scope],
    );
    const unbilled: ReconciliationDay[] = [];
    const awaitingCredit: ReconciliationDay[] = [];
    const differences: ReconciliationDifference[] = [];
    let [daysDelivered, daysInvoiced, feesNetPence, sharesPence, allianceIncomePence] = [0, 0, 0, 0, 0];

    for (const row of rows) {
      const day: ReconciliationDay = {
        alliance: row.alliance,
        placementId: row.placement_id,
        dayId: row.day_id,
        date: row.date,
        halfDays: row.half_days,
        netPence: row.net_pence ?? 0,
      };
      const differ = (code: ReconciliationDifferenceCode, detail: string, differencePence = day.netPence) =>
        differences.push({
          code,
          alliance: row.alliance,
          reference: row.day_id,
          placementId: row.placement_id,
          date: row.date,
          differencePence,
          detail,
        });
      const delivered = row.day_known && !row.voided;
      const standing = row.charged && !row.reversed;
      if (delivered) daysDelivered += 1;
      if (standing) {
        feesNetPence += row.net_pence ?? 0;
        sharesPence += row.share_pence ?? 0;
        allianceIncomePence += row.alliance_income_pence ?? 0;
      }

      if (delivered && !standing) {
        // At stake: the fee the day should have been charged at its placement's day rate.
        differ(
          'DAY_NOT_CHARGED',
          `Day ${row.day_id} was delivered on ${row.date} but no charge stands for it`,
          feeForDay(row.day_rate_pence ?? 0, row.half_days === 1 ? 1 : 2),
        );
      } else if (delivered && row.invoice_id === null) {
        unbilled.push(day);
      } else if (delivered && row.credited) {
        differ('CREDIT_WITHOUT_REVERSAL', `Day ${row.day_id} is credited on ${row.invoice_id} but stands`);
      } else if (delivered) {
        daysInvoiced += 1;
      } else if (standing) {
        differ(
          'CHARGE_WITHOUT_DELIVERED_DAY',
          row.day_known
            ? `Day ${row.day_id} was voided but its charge stands`
            : `Charge ${row.charge_id} is for a day the placements do not know`,
        );
      } else if (row.reversed && row.invoice_id !== null && !row.credited) {
        awaitingCredit.push(day);
      }

      if (row.charge_id !== null) {
        if (row.charged !== row.shared) {
          differ(
            'SHARE_MISSING',
            `Charge ${row.charge_id} has ${row.charged ? 'no share' : 'a share but no fee'}`,
          );
        } else if (
          row.shared &&
          (row.share_pence ?? 0) + (row.alliance_income_pence ?? 0) !== row.net_pence
        ) {
          const split = (row.share_pence ?? 0) + (row.alliance_income_pence ?? 0);
          differ(
            'SHARE_SPLIT_MISMATCH',
            `Charge ${row.charge_id}: share ${row.share_pence} + income ${row.alliance_income_pence} ≠ fee ${row.net_pence}`,
            (row.net_pence ?? 0) - split,
          );
        }
        if (row.shared && row.reversed !== row.share_reversed) {
          differ('REVERSAL_MISMATCH', `Charge ${row.charge_id}: the fee and the share are not both reversed`);
        }
      }
    }

    differences.push(...(await this.documentDifferences(scope)), ...(await this.paymentDifferences(scope)));
    const [money] = await this.db.query<
      Array<{ invoiced: string; credited: string; payments: string; allocated: string; on_account: string }>
    >(
      `SELECT (SELECT ${sumSql('total_pence')} FROM finance_invoices WHERE $1::text IS NULL OR alliance = $1) AS invoiced,
              (SELECT ${sumSql('total_pence')} FROM finance_credit_notes WHERE $1::text IS NULL OR alliance = $1) AS credited,
              (SELECT ${sumSql('amount_pence')} FROM finance_payments WHERE $1::text IS NULL OR alliance = $1) AS payments,
              (SELECT ${sumSql('a.amount_pence')} FROM finance_allocations a
                 JOIN finance_payments p ON p.payment_id = a.payment_id
                WHERE $1::text IS NULL OR p.alliance = $1) AS allocated,
              (SELECT ${sumSql('credit_on_account_pence')} FROM finance_payments
                WHERE $1::text IS NULL OR alliance = $1) AS on_account`,
      [scope],
    );
    return {
      alliance: scope,
      balanced: differences.length === 0 && feesNetPence === sharesPence + allianceIncomePence,
      totals: {
        daysDelivered,
        daysInvoiced,
        daysUnbilled: unbilled.length,
        daysAwaitingCredit: awaitingCredit.length,
        feesNetPence,
        sharesPence,
        allianceIncomePence,
        invoicedPence: pence(money?.invoiced),
        creditedPence: pence(money?.credited),
        paymentsPence: pence(money?.payments),
        allocatedPence: pence(money?.allocated),
        creditOnAccountPence: pence(money?.on_account),
        differencePence: differences.reduce(
          (sum, difference) => sum + Math.abs(difference.differencePence),
          0,
        ),
      },
      unbilled,
      awaitingCredit,
      differences,
    };
  }

  /** Invoices and credit notes whose totals are not the sums of their lines. */
  private async documentDifferences(scope: string | null): Promise<ReconciliationDifference[]> {
    const rows = await this.db.query<
      Array<{ alliance: AllianceCode; reference: string; issued_on: LocalDate; total: number; lines: string }>
    >(
      `SELECT i.alliance, i.invoice_number AS reference, ${dateSql('i.issued_on')}, i.total_pence AS total,
              (SELECT ${sumSql('gross_pence')} FROM finance_invoice_lines l WHERE l.invoice_id = i.invoice_id) AS lines
         FROM finance_invoices i WHERE $1::text IS NULL OR i.alliance = $1
       UNION ALL
       SELECT n.alliance, n.credit_note_number, ${dateSql('n.issued_on')}, n.total_pence,
              (SELECT ${sumSql('gross_pence')} FROM finance_credit_note_lines l
                WHERE l.credit_note_id = n.credit_note_id)
         FROM finance_credit_notes n WHERE $1::text IS NULL OR n.alliance = $1`,
      [scope],
    );
    return rows
      .filter((row) => row.total !== pence(row.lines))
      .map((row) => ({
        code: 'DOCUMENT_TOTAL_MISMATCH' as const,
        alliance: row.alliance,
        reference: row.reference,
        placementId: null,
        date: row.issued_on,
        differencePence: row.total - pence(row.lines),
        detail: `${row.reference} totals ${row.total} pence but its lines add up to ${pence(row.lines)}`,
      }));
  }

  /** Payments whose allocations and credit on account do not add up to the amount received. */
  private async paymentDifferences(scope: string | null): Promise<ReconciliationDifference[]> {
    const rows = await this.db.query<
      Array<{
        alliance: AllianceCode;
        payment_id: string;
        received_on: LocalDate;
        amount: number;
        accounted: string;
      }>
    >(
      `SELECT p.alliance, p.payment_id, ${dateSql('p.received_on')}, p.amount_pence AS amount,
              p.credit_on_account_pence + (SELECT ${sumSql('a.amount_pence')} FROM finance_allocations a
                                             WHERE a.payment_id = p.payment_id) AS accounted
         FROM finance_payments p WHERE $1::text IS NULL OR p.alliance = $1`,
      [scope],
    );
    return rows
      .filter((row) => row.amount !== pence(row.accounted))
      .map((row) => ({
        code: 'PAYMENT_ALLOCATION_MISMATCH' as const,
        alliance: row.alliance,
        reference: row.payment_id,
        placementId: null,
        date: row.received_on,
        differencePence: row.amount - pence(row.accounted),
        detail: `Payment ${row.payment_id} of ${row.amount} pence is allocated ${pence(row.accounted)} in all`,
      }));
  }
}
