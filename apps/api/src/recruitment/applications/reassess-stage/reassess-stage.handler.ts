import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { ReassessStage } from '@lle/domain';
import { RecruitmentStreams } from '../../shared/recruitment-streams';
import { ApplicationCommands } from '../application-commands';

export class ReassessStageCommand extends Command<CommandResult> {
  constructor(readonly command: ReassessStage) {
    super();
  }
}

/** Reopens a stage; the reason sealed with the applicant's key. */
@NestCommandHandler(ReassessStageCommand)
export class ReassessStageHandler implements ICommandHandler<ReassessStageCommand> {
  constructor(
    private readonly applications: ApplicationCommands,
    private readonly streams: RecruitmentStreams,
  ) {}

  execute({ command }: ReassessStageCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.applications.handle(
      metadata.actor,
      data.applicationId,
      async ({ events, sealer }) => {
        const earlier = events.flatMap((event) =>
          event.type === 'AssessmentStageReopened' && event.data.stage === data.stage
            ? [event.data.reason]
            : [],
        );
        return { ...command, data: { ...data, reason: await sealer.seal(data.reason, earlier) } };
      },
      // Reopening a declined application makes it live again: the rule needs the applicant's others.
      async ({ state }) => ({
        liveApplicationIds: await this.streams.liveApplicationIds(
          state.application.roundId,
          state.application.applicantId,
        ),
      }),
    );
  }
}
