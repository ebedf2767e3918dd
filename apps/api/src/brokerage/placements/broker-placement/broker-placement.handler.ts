import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { BrokerPlacement, CommandMetadata } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export type BrokerPlacementInput = Omit<BrokerPlacement['data'], 'placementId'>;

export interface PlacementBrokeredResult extends CommandResult {
  readonly placementId: string;
}

export class BrokerPlacementCommand extends Command<PlacementBrokeredResult> {
  constructor(
    readonly input: BrokerPlacementInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The placement's id is made from the command id, so a replay (the same Idempotency-Key) brokers nothing
 * twice. Decided on the LLE's commitments stream, then the placement opened and the request marked
 * brokered (see BrokerageService.brokerPlacement); another alliance's request or LLE answers 404.
 */
@NestCommandHandler(BrokerPlacementCommand)
export class BrokerPlacementHandler implements ICommandHandler<BrokerPlacementCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ input, metadata }: BrokerPlacementCommand): Promise<PlacementBrokeredResult> {
    return problemSafe(this.brokerage.brokerPlacement(input, metadata));
  }
}
