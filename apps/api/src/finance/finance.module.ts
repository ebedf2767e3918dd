import { Module } from '@nestjs/common';
import { CommandHandler, EventRegistry } from '@lle/application';
import { DatabaseModule } from '@lle/database';
import { EVENT_STORE, type EventStore } from '@lle/event-store';
import {
  FinanceChargesQuery,
  InvoicesQuery,
  ReconciliationQuery,
  ShareStatementsQuery,
  XeroExportQuery,
} from '@lle/read-models';
import { DataSource } from 'typeorm';
import { XeroExportController } from './exports/xero-export.controller';
import { FinanceQueriesController } from './finance-queries/finance-queries.controller';
import { IssueInvoicesController } from './invoices/issue-invoices/issue-invoices.controller';
import { IssueInvoicesHandler } from './invoices/issue-invoices/issue-invoices.handler';
import { RecordPaymentController } from './payments/record-payment/record-payment.controller';
import { RecordPaymentHandler } from './payments/record-payment/record-payment.handler';
import { financeRulesProvider } from './shared/finance-rules';
import { FinanceService } from './shared/finance-service';
import { RecordSharePaidController } from './shares/record-share-paid/record-share-paid.controller';
import { RecordSharePaidHandler } from './shares/record-share-paid/record-share-paid.handler';

const queries = [
  FinanceChargesQuery,
  InvoicesQuery,
  ShareStatementsQuery,
  ReconciliationQuery,
  XeroExportQuery,
].map((Query) => ({
  provide: Query,
  inject: [DataSource],
  useFactory: (dataSource: DataSource) => new Query(dataSource),
}));

/**
 * Finance (issue 8): invoice runs and credit notes on each alliance's invoices stream, payments from
 * requesting bodies, shares paid to LLEs' schools; the finance views, the reconciliation, the Xero exports
 * and invoice PDFs. Only finance changes money; admins and auditors read.
 */
@Module({
  imports: [DatabaseModule],
  controllers: [
    IssueInvoicesController,
    RecordPaymentController,
    RecordSharePaidController,
    FinanceQueriesController,
    XeroExportController,
  ],
  providers: [
    ...queries,
    financeRulesProvider,
    {
      provide: FinanceService,
      inject: [EVENT_STORE, EventRegistry, CommandHandler, FinanceChargesQuery],
      useFactory: (
        store: EventStore,
        registry: EventRegistry,
        commands: CommandHandler,
        charges: FinanceChargesQuery,
      ) => new FinanceService({ store, registry, commands, charges }),
    },
    IssueInvoicesHandler,
    RecordPaymentHandler,
    RecordSharePaidHandler,
  ],
})
export class FinanceModule {}
