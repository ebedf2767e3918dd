import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { CommandMetadata, IssueInvoices } from '@lle/domain';
import { FinanceService } from '../../shared/finance-service';

export class IssueInvoicesCommand extends Command<CommandResult> {
  constructor(
    readonly input: IssueInvoices['data'],
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Decided on the alliance's invoices stream, from the unbilled charges in the charges read model. */
@NestCommandHandler(IssueInvoicesCommand)
export class IssueInvoicesHandler implements ICommandHandler<IssueInvoicesCommand> {
  constructor(private readonly finance: FinanceService) {}

  execute({ input, metadata }: IssueInvoicesCommand): Promise<CommandResult> {
    return this.finance.issueInvoices(input, metadata);
  }
}
