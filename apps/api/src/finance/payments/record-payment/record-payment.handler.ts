import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { CommandMetadata, RecordPayment } from '@lle/domain';
import { FinanceService } from '../../shared/finance-service';

export type PaymentRecordedResult = CommandResult & { paymentId: string };

export class RecordPaymentCommand extends Command<PaymentRecordedResult> {
  constructor(
    readonly input: Omit<RecordPayment['data'], 'paymentId'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Decided on the alliance's payments stream, allocated against the invoices on its invoices stream. */
@NestCommandHandler(RecordPaymentCommand)
export class RecordPaymentHandler implements ICommandHandler<RecordPaymentCommand> {
  constructor(private readonly finance: FinanceService) {}

  execute({ input, metadata }: RecordPaymentCommand): Promise<PaymentRecordedResult> {
    return this.finance.recordPayment(input, metadata);
  }
}
