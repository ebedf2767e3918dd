import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { CompletePlacement } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export class CompletePlacementCommand extends Command<CommandResult> {
  constructor(readonly command: CompletePlacement) {
    super();
  }
}

/** The placement first, then its commitment on the LLE's stream closed at the days delivered. */
@NestCommandHandler(CompletePlacementCommand)
export class CompletePlacementHandler implements ICommandHandler<CompletePlacementCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ command }: CompletePlacementCommand): Promise<CommandResult> {
    return problemSafe(this.brokerage.completePlacement(command.data.placementId, command.metadata));
  }
}
