import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { SuspendDesignation } from '@lle/domain';
import { DesignationCommands } from '../designation-commands';

export class SuspendDesignationCommand extends Command<CommandResult> {
  constructor(readonly command: SuspendDesignation) {
    super();
  }
}

@NestCommandHandler(SuspendDesignationCommand)
export class SuspendDesignationHandler implements ICommandHandler<SuspendDesignationCommand> {
  constructor(private readonly designations: DesignationCommands) {}

  execute({ command }: SuspendDesignationCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.designations.handle(metadata.actor, data.lleId, async ({ events, sealer }) => {
      const earlier = events.flatMap((event) =>
        event.type === 'LLEDesignationSuspended' ? [event.data.note] : [],
      );
      return { ...command, data: { ...data, note: await sealer.sealOptional(data.note, earlier) } };
    });
  }
}
