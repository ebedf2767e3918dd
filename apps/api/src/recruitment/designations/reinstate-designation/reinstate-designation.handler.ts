import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { ReinstateDesignation } from '@lle/domain';
import { DesignationCommands } from '../designation-commands';

export class ReinstateDesignationCommand extends Command<CommandResult> {
  constructor(readonly command: ReinstateDesignation) {
    super();
  }
}

@NestCommandHandler(ReinstateDesignationCommand)
export class ReinstateDesignationHandler implements ICommandHandler<ReinstateDesignationCommand> {
  constructor(private readonly designations: DesignationCommands) {}

  execute({ command }: ReinstateDesignationCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.designations.handle(metadata.actor, data.lleId, async ({ events, sealer }) => {
      const earlier = events.flatMap((event) =>
        event.type === 'LLEDesignationReinstated' ? [event.data.note] : [],
      );
      return { ...command, data: { ...data, note: await sealer.sealOptional(data.note, earlier) } };
    });
  }
}
