import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { idCreatedBy, type CommandResult } from '@lle/application';
import type { CommandMetadata } from '@lle/domain';
import { People } from '../../shared/people';
import { RecruitmentStreams } from '../../shared/recruitment-streams';
import { ApplicationCommands } from '../application-commands';
import { contentForEvents, contentsOf, type ApplicationContentInput } from '../application-content';

export class AmendApplicationCommand extends Command<CommandResult> {
  constructor(
    readonly applicationId: string,
    readonly input: ApplicationContentInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** Sealed and resolved as a submission is; decided against the application's round and the new school. */
@NestCommandHandler(AmendApplicationCommand)
export class AmendApplicationHandler implements ICommandHandler<AmendApplicationCommand> {
  constructor(
    private readonly applications: ApplicationCommands,
    private readonly streams: RecruitmentStreams,
    private readonly people: People,
  ) {}

  execute({ applicationId, input, metadata }: AmendApplicationCommand): Promise<CommandResult> {
    return this.applications.handle(
      metadata.actor,
      applicationId,
      async ({ state, events, sealer }) => ({
        type: 'AmendApplication',
        data: {
          applicationId,
          ...(await contentForEvents(input, {
            applicantId: state.application.applicantId,
            sealer,
            people: this.people,
            newRefereeId: idCreatedBy(metadata.causationId, 'referee'),
            earlier: contentsOf(events),
          })),
        },
        metadata,
      }),
      async ({ state }) => {
        const [round, school] = await Promise.all([
          this.streams.round(metadata.actor, state.application.roundId),
          this.streams.school(input.schoolUrn),
        ]);
        return { round, school };
      },
    );
  }
}
