import type { AllianceCode, ChargeReversal, ChargeToInvoice, InvoicingContext, LocalDate } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import { requestingBodyOf, type RequestingBodyColumns } from '../brokerage/brokerage-columns';
import { dateSql, pence, sumSql } from './finance-columns';

interface ChargeRow extends RequestingBodyColumns {
  charge_id: string;
  day_id: string;
  placement_id: string;
  alliance: AllianceCode;
  day_date: LocalDate;
  half_days: 1 | 2;
  day_rate_pence: number;
  net_pence: number;
  vat_treatment: ChargeToInvoice['vat']['treatment'];
  vat_rate_bps: number;
  vat_pence: number;
  reversal_reason: string | null;
}

const CHARGE_COLUMNS = `c.charge_id, c.day_id, c.placement_id, c.alliance, ${dateSql('c.day_date')}, c.half_days,
       c.day_rate_pence, c.net_pence, c.vat_treatment, c.vat_rate_bps, c.vat_pence, c.requesting_body_kind,
       c.requesting_body_urn, c.requesting_body_la_code, c.requesting_body_diocese, c.reversal_reason`;

/** Reads the day charges (projection `finance_charges`) for invoicing and the share statements. */
export class FinanceChargesQuery {
  constructor(private readonly db: Queryable) {}

  /**
   * What IssueInvoices decides from: the alliance's charges in the period not yet on an invoice, and its
   * reversed charges not yet credited. The invoices stream has the last word on what is invoiced; this
   * only keeps the lists short.
   */
  async forInvoicing(alliance: AllianceCode, from: LocalDate, to: LocalDate): Promise<InvoicingContext> {
    const [charges, reversals] = await Promise.all([
      this.db.query<ChargeRow[]>(
        `SELECT ${CHARGE_COLUMNS} FROM finance_charges c
          WHERE c.alliance = $1 AND c.day_date BETWEEN $2 AND $3 AND c.charged_position IS NOT NULL
            AND c.reversed_position IS NULL
            AND NOT EXISTS (SELECT 1 FROM finance_invoice_lines l WHERE l.charge_id = c.charge_id)
          ORDER BY c.day_date, c.charge_id`,
        [alliance, from, to],
      ),
      this.db.query<ChargeRow[]>(
        `SELECT ${CHARGE_COLUMNS} FROM finance_charges c
          WHERE c.alliance = $1 AND c.reversed_position IS NOT NULL AND c.charged_position IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM finance_credit_note_lines l WHERE l.charge_id = c.charge_id)
          ORDER BY c.day_date, c.charge_id`,
        [alliance],
      ),
    ]);
    return { charges: charges.map(toCharge), reversals: reversals.map(toReversal) };
  }

  /** The shares an alliance's charges credited a school, less those reversed, in pence. */
  async sharesNetPence(alliance: AllianceCode, schoolUrn: number): Promise<number> {
    const [row] = await this.db.query<Array<{ net: string }>>(
      `SELECT ${sumSql('CASE WHEN share_reversed_position IS NULL THEN share_pence ELSE 0 END')} AS net
         FROM finance_charges WHERE alliance = $1 AND lle_school_urn = $2 AND share_position IS NOT NULL`,
      [alliance, schoolUrn],
    );
    return pence(row?.net);
  }
}

function toCharge(row: ChargeRow): ChargeToInvoice {
  return {
    chargeId: row.charge_id,
    dayId: row.day_id,
    placementId: row.placement_id,
    alliance: row.alliance,
    requestingBody: requestingBodyOf(row),
    date: row.day_date,
    halfDays: row.half_days,
    dayRatePence: row.day_rate_pence,
    netPence: row.net_pence,
    vat: { treatment: row.vat_treatment, rateBps: row.vat_rate_bps, vatPence: row.vat_pence },
  };
}

function toReversal(row: ChargeRow): ChargeReversal {
  const { chargeId, dayId, placementId, date, halfDays, netPence, vat } = toCharge(row);
  return { chargeId, dayId, placementId, date, halfDays, netPence, vat, reason: row.reversal_reason ?? '' };
}
