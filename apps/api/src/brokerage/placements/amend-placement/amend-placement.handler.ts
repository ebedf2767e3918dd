import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { AmendPlacement, CommandMetadata } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export type AmendPlacementInput = Omit<AmendPlacement['data'], 'amendmentId'> & {
  readonly amendmentId?: string;
};

export interface PlacementAmendedResult extends CommandResult {
  readonly amendmentId: string;
}

export class AmendPlacementCommand extends Command<PlacementAmendedResult> {
  constructor(
    readonly input: AmendPlacementInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * Raising the days reserves them on the LLE's commitments first (capacity), then amends the placement,
 * then releases what it did not use; lowering them amends first and releases after (see
 * BrokerageService.amendPlacement).
 */
@NestCommandHandler(AmendPlacementCommand)
export class AmendPlacementHandler implements ICommandHandler<AmendPlacementCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ input, metadata }: AmendPlacementCommand): Promise<PlacementAmendedResult> {
    return problemSafe(this.brokerage.amendPlacement(input, metadata));
  }
}
