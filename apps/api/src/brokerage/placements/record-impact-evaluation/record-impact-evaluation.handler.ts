import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { RecordImpactEvaluation } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export class RecordImpactEvaluationCommand extends Command<CommandResult> {
  constructor(readonly command: RecordImpactEvaluation) {
    super();
  }
}

/** Rated against the competency framework of the LLE's cluster, read from the cluster's stream. */
@NestCommandHandler(RecordImpactEvaluationCommand)
export class RecordImpactEvaluationHandler implements ICommandHandler<RecordImpactEvaluationCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ command }: RecordImpactEvaluationCommand): Promise<CommandResult> {
    return problemSafe(this.brokerage.recordImpactEvaluation(command.data, command.metadata));
  }
}
