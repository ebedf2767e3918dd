import type { AllianceCode, LocalDate, VatAsCharged } from '@lle/domain';
import type { Queryable } from '@lle/projections';
import { dateSql, namedBodyOf, requestingBodySql, type NamedBodyColumns } from './finance-columns';

export interface ExportPeriod {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly alliance?: string;
}

/** One page of documents to export, and how many pages there are in all. */
export interface ExportPage<T> {
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  readonly items: readonly T[];
}

/** An invoice, or a credit note (its lines negative when exported), with its lines as issued. */
export interface SalesDocument {
  readonly kind: 'invoice' | 'credit_note';
  readonly number: string;
  readonly alliance: AllianceCode;
  readonly contactName: string;
  readonly issuedOn: LocalDate;
  readonly dueOn: LocalDate;
  /** For a credit note: the invoice it credits. */
  readonly invoiceNumber: string;
  readonly lines: ReadonlyArray<{
    readonly date: LocalDate;
    readonly halfDays: number;
    readonly placementId: string;
    readonly netPence: number;
    readonly vat: VatAsCharged;
  }>;
}

/** What an alliance owes one LLE's school for one month's days: the shares credited, less those reversed. */
export interface ShareBill {
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  readonly schoolName: string | null;
  /** YYYY-MM: the month of the days. */
  readonly month: string;
  readonly lines: ReadonlyArray<{
    readonly date: LocalDate;
    readonly dayId: string;
    readonly placementId: string;
    readonly shareBps: number;
    /** Negative for a share reversed. */
    readonly sharePence: number;
  }>;
}

interface DocumentRow extends NamedBodyColumns {
  kind: SalesDocument['kind'];
  id: string;
  number: string;
  alliance: AllianceCode;
  issued_on: LocalDate;
  due_on: LocalDate;
  invoice_number: string;
}

const DOCUMENTS = `
  SELECT 'invoice' AS kind, i.invoice_id AS id, i.invoice_number AS number, i.alliance, ${requestingBodySql('i')},
         ${dateSql('i.issued_on')}, ${dateSql('i.due_on')}, i.invoice_number, i.issued_on AS sort_date
    FROM finance_invoices i
   WHERE i.issued_on BETWEEN $1 AND $2 AND ($3::text IS NULL OR i.alliance = $3)
  UNION ALL
  SELECT 'credit_note', n.credit_note_id, n.credit_note_number, n.alliance, ${requestingBodySql('n')},
         ${dateSql('n.issued_on')}, ${dateSql('n.issued_on', 'due_on')},
         (SELECT invoice_number FROM finance_invoices WHERE invoice_id = n.invoice_id), n.issued_on
    FROM finance_credit_notes n
   WHERE n.issued_on BETWEEN $1 AND $2 AND ($3::text IS NULL OR n.alliance = $3)`;

/** Reads what the Xero exports need: sales documents and share bills, a page at a time. */
export class XeroExportQuery {
  constructor(private readonly db: Queryable) {}

  private async count(documents: string, parameters: unknown[]): Promise<number> {
    const [row] = await this.db.query<Array<{ total: number }>>(
      `SELECT count(*)::integer AS total FROM (${documents}) d`,
      parameters,
    );
    return row?.total ?? 0;
  }

  /** Invoices and credit notes issued in the period, by date and number. */
  async salesDocuments(
    period: ExportPeriod,
    page: number,
    pageSize: number,
  ): Promise<ExportPage<SalesDocument>> {
    const parameters = [period.from, period.to, period.alliance ?? null];
    const total = await this.count(DOCUMENTS, parameters);
    const rows = await this.db.query<DocumentRow[]>(
      `SELECT * FROM (${DOCUMENTS}) d ORDER BY d.sort_date, d.kind DESC, d.number LIMIT $4 OFFSET $5`,
      [...parameters, pageSize, (page - 1) * pageSize],
    );
    const ids = rows.map((row) => row.id);
    const lines = await this.db.query<
      Array<{
        id: string;
        date: LocalDate;
        half_days: number;
        placement_id: string;
        net_pence: number;
        vat_treatment: VatAsCharged['treatment'];
        vat_rate_bps: number;
        vat_pence: number;
      }>
    >(
      `SELECT invoice_id AS id, ${dateSql('day_date', 'date')}, half_days, placement_id, net_pence, vat_treatment,
              vat_rate_bps, vat_pence, line_number
         FROM finance_invoice_lines WHERE invoice_id = ANY($1)
       UNION ALL
       SELECT credit_note_id, ${dateSql('day_date', 'date')}, half_days, placement_id, net_pence, vat_treatment,
              vat_rate_bps, vat_pence, line_number
         FROM finance_credit_note_lines WHERE credit_note_id = ANY($1)
       ORDER BY 1, line_number`,
      [ids],
    );
    return {
      page,
      pages: pagesOf(total, pageSize),
      total,
      items: rows.map((row) => ({
        kind: row.kind,
        number: row.number,
        alliance: row.alliance,
        contactName: namedBodyOf(row).name,
        issuedOn: row.issued_on,
        dueOn: row.due_on,
        invoiceNumber: row.invoice_number,
        lines: lines
          .filter((line) => line.id === row.id)
          .map((line) => ({
            date: line.date,
            halfDays: line.half_days,
            placementId: line.placement_id,
            netPence: line.net_pence,
            vat: { treatment: line.vat_treatment, rateBps: line.vat_rate_bps, vatPence: line.vat_pence },
          })),
      })),
    };
  }

  /** One bill per alliance, LLE school and month of the days in the period: its shares, reversals negative. */
  async shareBills(period: ExportPeriod, page: number, pageSize: number): Promise<ExportPage<ShareBill>> {
    const parameters = [period.from, period.to, period.alliance ?? null];
    const scope = `FROM finance_charges c
                  WHERE c.share_position IS NOT NULL AND c.day_date BETWEEN $1 AND $2
                    AND ($3::text IS NULL OR c.alliance = $3)`;
    const bills = `SELECT DISTINCT c.alliance, c.lle_school_urn, to_char(c.day_date, 'YYYY-MM') AS month ${scope}`;
    const total = await this.count(bills, parameters);
    const rows = await this.db.query<
      Array<{ alliance: AllianceCode; lle_school_urn: number; month: string; school_name: string | null }>
    >(
      `SELECT b.*, (SELECT name FROM schools WHERE urn = b.lle_school_urn) AS school_name
         FROM (${bills}) b ORDER BY b.month, b.alliance, b.lle_school_urn LIMIT $4 OFFSET $5`,
      [...parameters, pageSize, (page - 1) * pageSize],
    );
    const lines = await this.db.query<
      Array<{
        alliance: AllianceCode;
        lle_school_urn: number;
        month: string;
        date: LocalDate;
        day_id: string;
        placement_id: string;
        share_bps: number;
        share_pence: number;
      }>
    >(
      `SELECT c.alliance, c.lle_school_urn, to_char(c.day_date, 'YYYY-MM') AS month, ${dateSql('c.day_date', 'date')},
              c.day_id, c.placement_id, c.share_bps, c.share_pence
         ${scope} AND c.lle_school_urn = ANY($4)
       UNION ALL
       SELECT c.alliance, c.lle_school_urn, to_char(c.day_date, 'YYYY-MM'), ${dateSql('c.day_date', 'date')},
              c.day_id, c.placement_id, c.share_bps, -c.share_pence
         ${scope} AND c.lle_school_urn = ANY($4) AND c.share_reversed_position IS NOT NULL
       ORDER BY 4, 5, 8 DESC`,
      [...parameters, [...new Set(rows.map((row) => row.lle_school_urn))]],
    );
    return {
      page,
      pages: pagesOf(total, pageSize),
      total,
      items: rows.map((row) => ({
        alliance: row.alliance,
        schoolUrn: row.lle_school_urn,
        schoolName: row.school_name,
        month: row.month,
        lines: lines
          .filter(
            (line) =>
              line.alliance === row.alliance &&
              line.lle_school_urn === row.lle_school_urn &&
              line.month === row.month,
          )
          .map((line) => ({
            date: line.date,
            dayId: line.day_id,
            placementId: line.placement_id,
            shareBps: line.share_bps,
            sharePence: line.share_pence,
          })),
      })),
    };
  }
}

/** At least one page, even when there is nothing to export (a file with its header only). */
function pagesOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
