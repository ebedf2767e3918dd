import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { WithdrawSupportRequest } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export class WithdrawSupportRequestCommand extends Command<CommandResult> {
  constructor(readonly command: WithdrawSupportRequest) {
    super();
  }
}

/** Another alliance's request answers 404 to a broker, as an unknown one does. */
@NestCommandHandler(WithdrawSupportRequestCommand)
export class WithdrawSupportRequestHandler implements ICommandHandler<WithdrawSupportRequestCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ command }: WithdrawSupportRequestCommand): Promise<CommandResult> {
    const { requestId, reason } = command.data;
    return problemSafe(this.brokerage.withdrawSupportRequest(requestId, reason, command.metadata));
  }
}
