import { stringify } from 'csv-stringify/sync';
import { shiftDate, monthPeriod, type VatAsCharged } from '@lle/domain';
import type { SalesDocument, ShareBill } from '@lle/read-models';
import { dayDescription, poundsOf, ukDate } from '../shared/finance-format';
import type { FinanceRules } from '../shared/finance-rules';

/** Xero imports at most this many invoices (or bills) from one file. */
export const XERO_MAX_DOCUMENTS_PER_FILE = 500;

/**
 * The columns of Xero's sales invoice and bill imports that we fill, in the order of Xero's templates.
 * TaxAmount carries the VAT as charged, so Xero does not recompute (and re-round) it.
 */
export const XERO_COLUMNS = [
  'ContactName',
  'InvoiceNumber',
  'InvoiceDate',
  'DueDate',
  'Description',
  'Quantity',
  'UnitAmount',
  'AccountCode',
  'TaxType',
  'TaxAmount',
] as const;

type XeroRow = Record<(typeof XERO_COLUMNS)[number], string>;

/** Xero's UK tax types for income. */
function salesTaxType(vat: VatAsCharged): string {
  switch (vat.treatment) {
    case 'standard':
    case 'reduced':
      return `${vat.rateBps / 100}% (VAT on Income)`;
    case 'zero':
      return 'Zero Rated Income';
    case 'exempt':
      return 'Exempt Income';
    default:
      return 'No VAT';
  }
}

/**
 * One row per line; a credit note's lines have quantity -1 (Xero imports a negative invoice as a credit
 * note). Each line is one day at its net fee, so quantity × unit amount is the line exactly.
 */
export function xeroSalesCsv(documents: readonly SalesDocument[], rules: FinanceRules): string {
  const rows: XeroRow[] = documents.flatMap((document) =>
    document.lines.map((line) => {
      const credit = document.kind === 'credit_note';
      return {
        ContactName: document.contactName,
        InvoiceNumber: document.number,
        InvoiceDate: ukDate(document.issuedOn),
        DueDate: ukDate(document.dueOn),
        Description: credit
          ? `Credit for ${dayDescription(line)} on ${document.invoiceNumber}`
          : dayDescription(line),
        Quantity: credit ? '-1' : '1',
        UnitAmount: poundsOf(line.netPence),
        AccountCode: rules.xero.salesAccountCode,
        TaxType: salesTaxType(line.vat),
        TaxAmount: poundsOf(credit ? -line.vat.vatPence : line.vat.vatPence),
      };
    }),
  );
  return stringify(rows, { header: true, columns: [...XERO_COLUMNS] });
}

/** The bill number of a school's shares for a month: SHARES-CATSA-136512-2027-09. */
export function shareBillNumber(bill: Pick<ShareBill, 'alliance' | 'schoolUrn' | 'month'>): string {
  return `SHARES-${bill.alliance}-${bill.schoolUrn}-${bill.month}`;
}

/**
 * One bill per alliance, school and month, dated the month's last day: a line per share credited, and one
 * with quantity -1 per share reversed. Shares are paid to schools outside the scope of VAT.
 */
export function xeroBillsCsv(bills: readonly ShareBill[], rules: FinanceRules): string {
  const rows: XeroRow[] = bills.flatMap((bill) => {
    const billDate = monthPeriod(bill.month)!.to;
    return bill.lines.map((line) => ({
      ContactName: bill.schoolName ?? `School ${bill.schoolUrn}`,
      InvoiceNumber: shareBillNumber(bill),
      InvoiceDate: ukDate(billDate),
      DueDate: ukDate(shiftDate(billDate, rules.xero.billTermsDays)),
      Description:
        `${line.sharePence < 0 ? 'Reversed share' : 'Share'} (${line.shareBps / 100}%) of support day ` +
        `${ukDate(line.date)}, placement ${line.placementId.slice(0, 8)}`,
      Quantity: line.sharePence < 0 ? '-1' : '1',
      UnitAmount: poundsOf(Math.abs(line.sharePence)),
      AccountCode: rules.xero.sharesAccountCode,
      TaxType: 'No VAT',
      TaxAmount: '0.00',
    }));
  });
  return stringify(rows, { header: true, columns: [...XERO_COLUMNS] });
}
