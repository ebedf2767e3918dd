import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { idCreatedBy, type CommandResult } from '@lle/application';
import type { CommandMetadata } from '@lle/domain';
import type { PersonDetails } from '@lle/personal-data';
import { People } from '../../../recruitment/shared/people';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export interface TransferDaysInput {
  readonly placementId: string;
  readonly transferId?: string;
  readonly staff: PersonDetails;
  readonly role: string;
  readonly halfDays: number;
}

export interface DaysTransferredResult extends CommandResult {
  readonly transferId: string;
  /** The staff member's person id: the subject of the token they log their days with. */
  readonly personId: string;
}

export class TransferDaysCommand extends Command<DaysTransferredResult> {
  constructor(
    readonly input: TransferDaysInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * By the placement's LLE (or a broker of its alliance). The member of staff becomes a person id (the
 * person with their email, or a new one) recorded in the person store, once the placement is known to be
 * theirs to act on; the days come out of the LLE's remaining days on the placement.
 */
@NestCommandHandler(TransferDaysCommand)
export class TransferDaysHandler implements ICommandHandler<TransferDaysCommand> {
  constructor(
    private readonly brokerage: BrokerageService,
    private readonly people: People,
  ) {}

  async execute({ input, metadata }: TransferDaysCommand): Promise<DaysTransferredResult> {
    const { placementId, staff, role, halfDays } = input;
    const commandId = metadata.causationId;
    await this.brokerage.streams.placementFor(metadata.actor, placementId, 'its_lle');
    const personId = await this.people.identify('staff', staff, idCreatedBy(commandId, 'staff'));
    const transferId = input.transferId ?? idCreatedBy(commandId, 'transfer');
    const result = await problemSafe(
      this.brokerage.transferDays(
        { placementId, transferId, toPersonId: personId, role, halfDays },
        metadata,
      ),
    );
    return { ...result, transferId, personId };
  }
}
