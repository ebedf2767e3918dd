import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { EndDesignation } from '@lle/domain';
import { DesignationCommands } from '../designation-commands';

export class EndDesignationCommand extends Command<CommandResult> {
  constructor(readonly command: EndDesignation) {
    super();
  }
}

@NestCommandHandler(EndDesignationCommand)
export class EndDesignationHandler implements ICommandHandler<EndDesignationCommand> {
  constructor(private readonly designations: DesignationCommands) {}

  execute({ command }: EndDesignationCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.designations.handle(metadata.actor, data.lleId, async ({ events, sealer }) => {
      const earlier = events.flatMap((event) =>
        event.type === 'LLEDesignationEnded' ? [event.data.note] : [],
      );
      return { ...command, data: { ...data, note: await sealer.sealOptional(data.note, earlier) } };
    });
  }
}
