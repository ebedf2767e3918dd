import { CommandHandler, idCreatedBy, type CommandResult, type EventRegistry } from '@lle/application';
import {
  invoicesDueFrom,
  invoicesStreamId,
  invoicingDecider,
  paymentsDecider,
  paymentsStreamId,
  sharePaymentsStreamId,
  shareStatementsDecider,
  type CommandMetadata,
  type AllianceCode,
  type InvoicingContext,
  type InvoicingEvent,
  type LocalDate,
  type IssueInvoices,
  type RecordPayment,
  type RecordSharePaid,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';

/**
 * An alliance's invoices stream is written by every invoice run: a run that loses the race decides again
 * on fresh state (so it takes the next free numbers and leaves the charges the winner invoiced).
 */
export const INVOICES_MAX_ATTEMPTS = 20;

/**
 * What the finance decisions look up about the day charges: the charges read model in the API
 * (FinanceChargesQuery), the charge streams themselves in the demo seed.
 */
export interface ChargesLookup {
  forInvoicing(alliance: AllianceCode, from: LocalDate, to: LocalDate): Promise<InvoicingContext>;
  sharesNetPence(alliance: AllianceCode, schoolUrn: number): Promise<number>;
}

export interface FinanceDependencies {
  readonly store: EventStore;
  readonly registry: EventRegistry;
  readonly charges: ChargesLookup;
  readonly commands?: CommandHandler;
}

/**
 * The finance use cases, free of HTTP and Nest: each loads what its decision needs (the charges read model,
 * the alliance's invoices stream) and appends through the one CommandHandler with the expected revision.
 */
export class FinanceService {
  private readonly commands: CommandHandler;

  constructor(private readonly dependencies: FinanceDependencies) {
    this.commands = dependencies.commands ?? new CommandHandler(dependencies.store, dependencies.registry);
  }

  issueInvoices(data: IssueInvoices['data'], metadata: CommandMetadata): Promise<CommandResult> {
    const { alliance, periodFrom, periodTo } = data;
    return this.commands.handle(
      invoicingDecider,
      invoicesStreamId(alliance),
      { type: 'IssueInvoices', data, metadata },
      {
        context: () => this.dependencies.charges.forInvoicing(alliance, periodFrom, periodTo),
        maxAttempts: INVOICES_MAX_ATTEMPTS,
      },
    );
  }

  /** A payment, its id made from the command id (a retry with the same Idempotency-Key records it once). */
  async recordPayment(
    input: Omit<RecordPayment['data'], 'paymentId'>,
    metadata: CommandMetadata,
  ): Promise<CommandResult & { paymentId: string }> {
    const paymentId = idCreatedBy(metadata.causationId, 'payment');
    const result = await this.commands.handle(
      paymentsDecider,
      paymentsStreamId(input.alliance),
      { type: 'RecordPayment', data: { ...input, paymentId }, metadata },
      { context: async () => ({ invoices: await this.invoicesDue(input.alliance) }), maxAttempts: 10 },
    );
    return { ...result, paymentId };
  }

  async recordSharePaid(
    input: Omit<RecordSharePaid['data'], 'paymentId'>,
    metadata: CommandMetadata,
  ): Promise<CommandResult & { paymentId: string }> {
    const paymentId = idCreatedBy(metadata.causationId, 'share-payment');
    const result = await this.commands.handle(
      shareStatementsDecider,
      sharePaymentsStreamId(input.alliance),
      { type: 'RecordSharePaid', data: { ...input, paymentId }, metadata },
      {
        context: async () => ({
          sharesNetPence: await this.dependencies.charges.sharesNetPence(input.alliance, input.schoolUrn),
        }),
        maxAttempts: 10,
      },
    );
    return { ...result, paymentId };
  }

  private async invoicesDue(alliance: AllianceCode) {
    const { store, registry } = this.dependencies;
    const recorded = await store.readStream(invoicesStreamId(alliance));
    return invoicesDueFrom(recorded.map((event) => registry.upcast<InvoicingEvent>(event)));
  }
}
