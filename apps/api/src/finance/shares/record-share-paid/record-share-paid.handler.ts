import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandMetadata, RecordSharePaid } from '@lle/domain';
import type { PaymentRecordedResult } from '../../payments/record-payment/record-payment.handler';
import { FinanceService } from '../../shared/finance-service';

export class RecordSharePaidCommand extends Command<PaymentRecordedResult> {
  constructor(
    readonly input: Omit<RecordSharePaid['data'], 'paymentId'>,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Decided on the alliance's share-payments stream, never beyond what the school is owed. */
@NestCommandHandler(RecordSharePaidCommand)
export class RecordSharePaidHandler implements ICommandHandler<RecordSharePaidCommand> {
  constructor(private readonly finance: FinanceService) {}

  execute({ input, metadata }: RecordSharePaidCommand): Promise<PaymentRecordedResult> {
    return this.finance.recordSharePaid(input, metadata);
  }
}
