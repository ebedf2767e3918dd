import { Controller, Get, Header, Inject, NotFoundException, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '@lle/auth';
import { XeroExportQuery, type ExportPage } from '@lle/read-models';
import { ApiQueryErrors } from '../../http/api-errors.decorator';
import { problem } from '../../http/problem-details';
import { ReadYourWritesGate } from '../../queries/read-your-writes';
import { periodOf } from '../shared/finance-format';
import { FINANCE_READ_MODELS, FINANCE_RULES, type FinanceRules } from '../shared/finance-rules';
import { XERO_MAX_DOCUMENTS_PER_FILE, xeroBillsCsv, xeroSalesCsv } from './xero-csv';
import { XeroExportDto } from './xero-export.dto';

/**
 * The exports in the CSV layout Xero imports. Xero takes at most 500 invoices a file, so an export is paged:
 * `?page=N` answers file N; `X-Total-Pages` (and a `Link: rel="next"`) say how many there are, and the file
 * name says which this is (xero-sales-2027-09-01-2027-09-30-1-of-2.csv).
 */
@ApiTags('finance')
@Controller('finance/exports/xero')
export class XeroExportController {
  constructor(
    private readonly exports: XeroExportQuery,
    private readonly readYourWrites: ReadYourWritesGate,
    @Inject(FINANCE_RULES) private readonly rules: FinanceRules,
  ) {}

  @Get('sales-invoices.csv')
  @Roles('finance', 'admin', 'auditor')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: 'Invoices and credit notes issued in the period, as Xero sales invoices (CSV, 500 a file)',
  })
  @ApiQueryErrors()
  async sales(
    @Query() query: XeroExportDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { period, page } = await this.prepare(query);
    const documents = await this.exports.salesDocuments(period, page, XERO_MAX_DOCUMENTS_PER_FILE);
    this.paged(reply, 'xero-sales', period, documents, query);
    return xeroSalesCsv(documents.items, this.rules);
  }

  @Get('share-bills.csv')
  @Roles('finance', 'admin', 'auditor')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({
    summary: "The LLE schools' shares as Xero bills: one per alliance, school and month (CSV, 500 a file)",
  })
  @ApiQueryErrors()
  async bills(
    @Query() query: XeroExportDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { period, page } = await this.prepare(query);
    const bills = await this.exports.shareBills(period, page, XERO_MAX_DOCUMENTS_PER_FILE);
    this.paged(reply, 'xero-share-bills', period, bills, query);
    return xeroBillsCsv(bills.items, this.rules);
  }

  private async prepare(query: XeroExportDto) {
    await this.readYourWrites.reach(FINANCE_READ_MODELS, query.atLeast);
    const { from, to } = periodOf(query, new Date());
    return { period: { from, to, alliance: query.alliance }, page: query.page ?? 1 };
  }

  private paged(
    reply: FastifyReply,
    name: string,
    period: { from: string; to: string },
    page: ExportPage<unknown>,
    query: XeroExportDto,
  ): void {
    if (page.page > page.pages) {
      throw new NotFoundException(
        problem(
          404,
          'EXPORT_PAGE_NOT_FOUND',
          `The export has ${page.pages} file(s); there is no page ${page.page}`,
        ),
      );
    }
    const file = `${name}-${period.from}-${period.to}-${page.page}-of-${page.pages}.csv`;
    void reply.header('Content-Disposition', `attachment; filename="${file}"`);
    void reply.header('X-Total-Pages', String(page.pages));
    void reply.header('X-Total-Count', String(page.total));
    if (page.page < page.pages) {
      const next = new URLSearchParams(
        Object.entries({ ...query, page: String(page.page + 1) }).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      void reply.header('Link', `<?${next.toString()}>; rel="next"`);
    }
  }
}
