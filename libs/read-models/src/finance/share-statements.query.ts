import type { AllianceCode, LocalDate } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import { dateSql, pence, sumSql } from './finance-columns';

/** What an alliance owes an LLE's school of the shares of its fees. */
export interface ShareBalance {
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  /** From the schools read model; null when the school is not known. */
  readonly schoolName: string | null;
  readonly creditedPence: number;
  readonly reversedPence: number;
  readonly paidPence: number;
  /** credited − reversed − paid. */
  readonly owedPence: number;
}

/** One entry of a school's statement: a share credited or reversed for a day, or a payment made. */
export interface ShareStatementEntry {
  readonly date: LocalDate;
  readonly kind: 'share_credited' | 'share_reversed' | 'share_paid';
  readonly alliance: AllianceCode;
  /** The charge (the day's id), for shares; the payment id for payments. */
  readonly reference: string;
  readonly placementId: string | null;
  readonly netPence: number | null;
  readonly shareBps: number | null;
  /** Positive: owed to the school; negative: reversed or paid. */
  readonly amountPence: number;
}

export interface ShareStatement extends ShareBalance {
  readonly entries: readonly ShareStatementEntry[];
}

interface BalanceRow {
  alliance: AllianceCode;
  school_urn: number;
  school_name: string | null;
  credited: string;
  reversed: string;
  paid: string;
}

/**
 * Per alliance and school: shares credited and reversed (projection `finance_charges`) and paid (projection
 * `finance_ledger`).
 */
const BALANCES = `
  WITH shares AS (
    SELECT alliance, lle_school_urn AS school_urn, ${sumSql('share_pence')} AS credited,
           ${sumSql('CASE WHEN share_reversed_position IS NOT NULL THEN share_pence ELSE 0 END')} AS reversed
      FROM finance_charges WHERE share_position IS NOT NULL GROUP BY alliance, lle_school_urn
  ), paid AS (
    SELECT alliance, school_urn, ${sumSql('amount_pence')} AS paid
      FROM finance_share_payments GROUP BY alliance, school_urn
  )
  SELECT COALESCE(s.alliance, p.alliance) AS alliance, COALESCE(s.school_urn, p.school_urn) AS school_urn,
         (SELECT name FROM schools WHERE urn = COALESCE(s.school_urn, p.school_urn)) AS school_name,
         COALESCE(s.credited, 0) AS credited, COALESCE(s.reversed, 0) AS reversed, COALESCE(p.paid, 0) AS paid
    FROM shares s FULL JOIN paid p ON p.alliance = s.alliance AND p.school_urn = s.school_urn`;

/** Reads what each LLE's school is owed of the shares, and its statement. */
export class ShareStatementsQuery {
  constructor(private readonly db: Queryable) {}

  async balances(filter: { alliance?: string; schoolUrn?: number } = {}): Promise<ShareBalance[]> {
    const rows = await this.db.query<BalanceRow[]>(
      `SELECT * FROM (${BALANCES}) b
        WHERE ($1::text IS NULL OR b.alliance = $1) AND ($2::integer IS NULL OR b.school_urn = $2)
        ORDER BY b.alliance, b.school_urn`,
      [filter.alliance ?? null, filter.schoolUrn ?? null],
    );
    return rows.map((row) => {
      const [creditedPence, reversedPence, paidPence] = [row.credited, row.reversed, row.paid].map(pence) as [
        number,
        number,
        number,
      ];
      return {
        alliance: row.alliance,
        schoolUrn: row.school_urn,
        schoolName: row.school_name,
        creditedPence,
        reversedPence,
        paidPence,
        owedPence: creditedPence - reversedPence - paidPence,
      };
    });
  }

  /** A school's statement with each alliance that owes it: every share and payment by date. */
  async statements(schoolUrn: number, alliance?: string): Promise<ShareStatement[]> {
    const balances = await this.balances({ alliance, schoolUrn });
    const entries = await this.db.query<
      Array<{
        date: LocalDate;
        kind: ShareStatementEntry['kind'];
        alliance: AllianceCode;
        reference: string;
        placement_id: string | null;
        net_pence: number | null;
        share_bps: number | null;
        amount_pence: number;
      }>
    >(
      `SELECT * FROM (
         SELECT ${dateSql('day_date', 'date')}, 'share_credited' AS kind, alliance, charge_id AS reference,
                placement_id, net_pence, share_bps, share_pence AS amount_pence, share_position AS position
           FROM finance_charges WHERE lle_school_urn = $1 AND share_position IS NOT NULL
         UNION ALL
         SELECT ${dateSql('day_date', 'date')}, 'share_reversed', alliance, charge_id, placement_id, net_pence,
                share_bps, -share_pence, share_reversed_position
           FROM finance_charges WHERE lle_school_urn = $1 AND share_reversed_position IS NOT NULL
         UNION ALL
         SELECT ${dateSql('paid_on', 'date')}, 'share_paid', alliance, payment_id, NULL, NULL, NULL, -amount_pence,
                position
           FROM finance_share_payments WHERE school_urn = $1
       ) e WHERE ($2::text IS NULL OR e.alliance = $2)
       ORDER BY e.date, e.position, e.kind`,
      [schoolUrn, alliance ?? null],
    );
    return balances.map((balance) => ({
      ...balance,
      entries: entries
        .filter((entry) => entry.alliance === balance.alliance)
        .map((entry) => ({
          date: entry.date,
          kind: entry.kind,
          alliance: entry.alliance,
          reference: entry.reference,
          placementId: entry.placement_id,
          netPence: entry.net_pence,
          shareBps: entry.share_bps,
          amountPence: entry.amount_pence,
        })),
    }));
  }
}
