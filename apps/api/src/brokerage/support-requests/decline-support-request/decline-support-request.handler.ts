import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { DeclineSupportRequest } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export class DeclineSupportRequestCommand extends Command<CommandResult> {
  constructor(readonly command: DeclineSupportRequest) {
    super();
  }
}

/** Another alliance's request answers 404 to a broker, as an unknown one does. */
@NestCommandHandler(DeclineSupportRequestCommand)
export class DeclineSupportRequestHandler implements ICommandHandler<DeclineSupportRequestCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ command }: DeclineSupportRequestCommand): Promise<CommandResult> {
    const { requestId, reason } = command.data;
    return problemSafe(this.brokerage.declineSupportRequest(requestId, reason, command.metadata));
  }
}
