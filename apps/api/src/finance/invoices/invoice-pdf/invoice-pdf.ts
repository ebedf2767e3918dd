import PDFDocument from 'pdfkit';
import { ALLIANCES } from '@lle/domain';
import type { InvoiceDetail } from '@lle/read-models';
import { dayDescription, displayPounds, ukDate, vatLabel } from '../../shared/finance-format';

const MARGIN = 50;
const COLUMNS = [
  { title: '#', x: MARGIN, width: 25, align: 'left' },
  { title: 'Description', x: 80, width: 230, align: 'left' },
  { title: 'Net', x: 310, width: 65, align: 'right' },
  { title: 'VAT rate', x: 380, width: 50, align: 'right' },
  { title: 'VAT', x: 430, width: 55, align: 'right' },
  { title: 'Total', x: 485, width: 60, align: 'right' },
] as const;

/**
 * The invoice as a PDF a requesting body can be sent: the alliance, the invoice number and dates, the body
 * billed, one line per day with its VAT as charged, the totals, what was credited and paid, and the payment
 * terms. Built in memory with pdfkit's standard fonts (no files read).
 */
export function invoicePdf(invoice: InvoiceDetail): Promise<Buffer> {
  const document = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `Invoice ${invoice.invoiceNumber}` },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  const alliance = ALLIANCES.find((candidate) => candidate.code === invoice.alliance);

  document
    .font('Helvetica-Bold')
    .fontSize(18)
    .text(alliance?.name ?? invoice.alliance);
  document
    .font('Helvetica')
    .fontSize(9)
    .text(`Teaching school alliance: ${alliance?.teachingSchools.join(', ') ?? ''}`);
  document.moveDown();
  document.font('Helvetica-Bold').fontSize(14).text(`Invoice ${invoice.invoiceNumber}`);
  document.font('Helvetica').fontSize(10);
  document.text(`Invoice date: ${ukDate(invoice.issuedOn)}`);
  document.text(`Due date: ${ukDate(invoice.dueOn)}`);
  document.text(`Support delivered: ${ukDate(invoice.periodFrom)} to ${ukDate(invoice.periodTo)}`);
  document.moveDown();
  document.font('Helvetica-Bold').text('Bill to');
  document.font('Helvetica').text(invoice.requestingBodyName);
  document.moveDown();

  const row = (cells: readonly string[], bold = false) => {
    const y = document.y;
    document.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let height = 0;
    COLUMNS.forEach((column, index) => {
      document.text(cells[index] ?? '', column.x, y, { width: column.width, align: column.align });
      height = Math.max(height, document.y - y);
    });
    document.x = MARGIN;
    document.y = y + height + 4;
    if (document.y > document.page.height - 120) document.addPage();
  };
  row(
    COLUMNS.map((column) => column.title),
    true,
  );
  for (const line of invoice.lines) {
    row([
      String(line.lineNumber),
      dayDescription(line),
      displayPounds(line.netPence),
      vatLabel(line.vat),
      displayPounds(line.vat.vatPence),
      displayPounds(line.grossPence),
    ]);
  }
  document.moveDown();
  const total = (label: string, pence: number, bold = false) =>
    document
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .text(`${label}: ${displayPounds(pence)}`, MARGIN, document.y, { align: 'right' });
  total('Net', invoice.netPence);
  total('VAT', invoice.vatPence);
  total('Total', invoice.totalPence, true);
  if (invoice.creditedPence > 0) total('Credited', -invoice.creditedPence);
  if (invoice.paidPence > 0) total('Paid', -invoice.paidPence);
  if (invoice.creditedPence > 0 || invoice.paidPence > 0) total('Balance due', invoice.balancePence, true);
  document.moveDown(2);
  document
    .font('Helvetica')
    .fontSize(10)
    .text(
      `Payment terms: ${invoice.paymentTermsDays} days from the invoice date, by ${ukDate(invoice.dueOn)}. ` +
        `Please quote ${invoice.invoiceNumber} with your payment.`,
      MARGIN,
      document.y,
    );
  document.end();
  return done;
}
