import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, idCreatedBy, type CommandResult } from '@lle/application';
import {
  systemLeaderDecider,
  systemLeaderStreamId,
  type CommandMetadata,
  type RecordSystemLeader,
} from '@lle/domain';
import type { PersonDetails } from '@lle/personal-data';
import { People } from '../../shared/people';

export type RecordSystemLeaderInput = Omit<RecordSystemLeader['data'], 'personId'> & {
  readonly person: PersonDetails;
};

export interface SystemLeaderRecordedResult extends CommandResult {
  readonly personId: string;
}

export class RecordSystemLeaderCommand extends Command<SystemLeaderRecordedResult> {
  constructor(
    readonly input: RecordSystemLeaderInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** The person is found by email or made new, and recorded in the person store; events name them by id. */
@NestCommandHandler(RecordSystemLeaderCommand)
export class RecordSystemLeaderHandler implements ICommandHandler<RecordSystemLeaderCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly people: People,
  ) {}

  async execute({ input, metadata }: RecordSystemLeaderCommand): Promise<SystemLeaderRecordedResult> {
    const { person, ...leader } = input;
    const newId = idCreatedBy(metadata.causationId, 'person');
    const personId = await this.people.identify('system_leader', person, newId);
    const command: RecordSystemLeader = {
      type: 'RecordSystemLeader',
      data: { ...leader, personId },
      metadata,
    };
    const result = await this.commands.handle(
      systemLeaderDecider,
      systemLeaderStreamId(leader.role, personId),
      command,
    );
    return { ...result, personId };
  }
}
