import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { RecordPanelDecision } from '@lle/domain';
import { ApplicationCommands } from '../application-commands';

export class RecordPanelDecisionCommand extends Command<CommandResult> {
  constructor(readonly command: RecordPanelDecision) {
    super();
  }
}

/** Stage 4, by the token's panel member; the reasons sealed with the applicant's key. */
@NestCommandHandler(RecordPanelDecisionCommand)
export class RecordPanelDecisionHandler implements ICommandHandler<RecordPanelDecisionCommand> {
  constructor(private readonly applications: ApplicationCommands) {}

  execute({ command }: RecordPanelDecisionCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.applications.handle(metadata.actor, data.applicationId, async ({ events, sealer }) => {
      const earlier = events.flatMap((event) =>
        event.type === 'PanelDecisionRecorded' ? [event.data.reasons] : [],
      );
      return { ...command, data: { ...data, reasons: await sealer.seal(data.reasons, earlier) } };
    });
  }
}
