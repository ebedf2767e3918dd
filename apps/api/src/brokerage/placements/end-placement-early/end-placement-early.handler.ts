import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { EndPlacementEarly } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export class EndPlacementEarlyCommand extends Command<CommandResult> {
  constructor(readonly command: EndPlacementEarly) {
    super();
  }
}

/** The placement first, then its commitment on the LLE's stream closed at the days delivered. */
@NestCommandHandler(EndPlacementEarlyCommand)
export class EndPlacementEarlyHandler implements ICommandHandler<EndPlacementEarlyCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ command }: EndPlacementEarlyCommand): Promise<CommandResult> {
    const { placementId, reason } = command.data;
    return problemSafe(this.brokerage.endPlacementEarly(placementId, reason, command.metadata));
  }
}
