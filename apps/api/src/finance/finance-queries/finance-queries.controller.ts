import { Controller, Get, Header, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@lle/auth';
import { dateInEngland, type AllianceCode } from '@lle/domain';
import {
  InvoicesQuery,
  ReconciliationQuery,
  ShareStatementsQuery,
  type InvoiceDetail,
  type InvoiceSummary,
  type Receivable,
  type ReconciliationReport,
  type ShareBalance,
  type ShareStatement,
} from '@lle/read-models';
import { ApiQueryErrors } from '../../http/api-errors.decorator';
import { RequestValidationError } from '../../http/http-errors';
import { ReadYourWritesGate } from '../../queries/read-your-writes';
import { notFound } from '../../queries/scoping';
import { invoicePdf } from '../invoices/invoice-pdf/invoice-pdf';
import { FINANCE_READ_MODELS } from '../shared/finance-rules';
import { FinanceAllianceDto, ListInvoicesDto, ReceivablesDto } from './finance-queries.dto';

const urnPipe = new ParseIntPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'urn', messages: ['urn must be a number'] }]),
});

const INVOICE_NUMBER = /^[A-Z_]+-\d{6}$/;

/**
 * The finance views: invoices with their lines, what each requesting body owes (aged by days past the
 * invoice date), what each LLE's school is owed, the reconciliation, and an invoice as a PDF. Finance reads
 * them; so do admins and auditors (who change nothing). Amounts are integer pence.
 */
@ApiTags('finance')
@Roles('finance', 'admin', 'auditor')
@Controller('finance')
export class FinanceQueriesController {
  constructor(
    private readonly invoices: InvoicesQuery,
    private readonly shares: ShareStatementsQuery,
    private readonly reconciliation: ReconciliationQuery,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get('invoices')
  @ApiOperation({
    summary: 'Invoices by alliance and number, with what was credited, paid and is still owed',
  })
  @ApiQueryErrors()
  async listInvoices(@Query() query: ListInvoicesDto): Promise<InvoiceSummary[]> {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    const { alliance, from, to, open } = query;
    return this.invoices.list({ alliance, from, to, open: open === 'true' });
  }

  @Get('invoices/:invoiceNumber')
  @ApiOperation({ summary: 'One invoice with its lines, credit notes and the payments allocated to it' })
  @ApiQueryErrors()
  async getInvoice(
    @Param('invoiceNumber') invoiceNumber: string,
    @Query() query: FinanceAllianceDto,
  ): Promise<InvoiceDetail> {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    return this.invoice(invoiceNumber);
  }

  @Get('invoices/:invoiceNumber/pdf')
  @Header('Content-Type', 'application/pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'The invoice as a PDF to send the requesting body' })
  @ApiQueryErrors()
  async invoicePdf(
    @Param('invoiceNumber') invoiceNumber: string,
    @Query() query: FinanceAllianceDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    const invoice = await this.invoice(invoiceNumber);
    void reply.header('Content-Disposition', `inline; filename="${invoice.invoiceNumber}.pdf"`);
    return invoicePdf(invoice);
  }

  @Get('receivables')
  @ApiOperation({
    summary:
      'What each requesting body owes as at a date, aged 0-30, 31-60, 61-90 and 90+ days past the invoice date',
  })
  @ApiOkResponse({
    description: 'Per alliance and body: aged balances, credit on account and the total owed',
  })
  @ApiQueryErrors()
  async receivables(@Query() query: ReceivablesDto): Promise<Receivable[]> {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    return this.invoices.receivables(query.asAt ?? dateInEngland(new Date()), query.alliance);
  }

  @Get('school-shares')
  @ApiOperation({ summary: "What each LLE's school is owed: shares credited, less reversed, less paid" })
  @ApiQueryErrors()
  async schoolShares(@Query() query: FinanceAllianceDto): Promise<ShareBalance[]> {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    return this.shares.balances({ alliance: query.alliance });
  }

  @Get('school-shares/:urn')
  @ApiOperation({ summary: "A school's share statement: every share credited, reversed and paid, by date" })
  @ApiQueryErrors()
  async shareStatement(
    @Param('urn', urnPipe) urn: number,
    @Query() query: FinanceAllianceDto,
  ): Promise<ShareStatement[]> {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    const statements = await this.shares.statements(urn, query.alliance);
    if (statements.length === 0) throw notFound('SHARE_STATEMENT_NOT_FOUND', `share owed to school ${urn}`);
    return statements;
  }

  @Get('reconciliation')
  @ApiOperation({
    summary:
      'Every delivered day on an invoice or listed as unbilled; fees = shares + income; payments = allocations',
    description: 'balanced is true when no line differs; each difference is listed with its code and amount.',
  })
  @ApiQueryErrors()
  async reconcile(@Query() query: FinanceAllianceDto): Promise<ReconciliationReport> {
    await this.readYourWrites.reach([...FINANCE_READ_MODELS, 'placements'], query.atLeast);
    return this.reconciliation.report(query.alliance as AllianceCode | undefined);
  }

  private async invoice(invoiceNumber: string): Promise<InvoiceDetail> {
    const invoice = INVOICE_NUMBER.test(invoiceNumber) ? await this.invoices.get(invoiceNumber) : undefined;
    if (!invoice) throw notFound('INVOICE_NOT_FOUND', `invoice ${invoiceNumber}`);
    return invoice;
  }
}
