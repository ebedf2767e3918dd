import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { ReviewReference } from '@lle/domain';
import { ApplicationCommands } from '../application-commands';

export class ReviewReferenceCommand extends Command<CommandResult> {
  constructor(readonly command: ReviewReference) {
    super();
  }
}

/** Stage 3, by the token's assessor; the notes sealed with the applicant's key. */
@NestCommandHandler(ReviewReferenceCommand)
export class ReviewReferenceHandler implements ICommandHandler<ReviewReferenceCommand> {
  constructor(private readonly applications: ApplicationCommands) {}

  execute({ command }: ReviewReferenceCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.applications.handle(metadata.actor, data.applicationId, async ({ events, sealer }) => {
      const earlier = events.flatMap((event) =>
        event.type === 'ReferenceReviewed' ? [event.data.notes] : [],
      );
      return { ...command, data: { ...data, notes: await sealer.seal(data.notes, earlier) } };
    });
  }
}
