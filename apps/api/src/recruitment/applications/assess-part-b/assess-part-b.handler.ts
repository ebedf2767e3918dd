import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { AssessPartB } from '@lle/domain';
import { ApplicationCommands } from '../application-commands';

export class AssessPartBCommand extends Command<CommandResult> {
  constructor(readonly command: AssessPartB) {
    super();
  }
}

/** Stage 2, once per assessor (the token's subject); the comment sealed with the applicant's key. */
@NestCommandHandler(AssessPartBCommand)
export class AssessPartBHandler implements ICommandHandler<AssessPartBCommand> {
  constructor(private readonly applications: ApplicationCommands) {}

  execute({ command }: AssessPartBCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.applications.handle(metadata.actor, data.applicationId, async ({ events, sealer }) => {
      const mine = events.flatMap((event) =>
        event.type === 'PartBAssessed' && event.data.assessedBy === metadata.actor.subject
          ? [event.data.comment]
          : [],
      );
      return { ...command, data: { ...data, comment: await sealer.seal(data.comment, mine) } };
    });
  }
}
