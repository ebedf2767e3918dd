import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import { vatTreatmentDecider, vatTreatmentStreamId, type SetVatTreatment } from '@lle/domain';

export class SetVatTreatmentCommand extends Command<CommandResult> {
  constructor(readonly command: SetVatTreatment) {
    super();
  }
}

@NestCommandHandler(SetVatTreatmentCommand)
export class SetVatTreatmentHandler implements ICommandHandler<SetVatTreatmentCommand> {
  constructor(private readonly commands: CommandHandler) {}

  execute({ command }: SetVatTreatmentCommand): Promise<CommandResult> {
    const { bodyKind, bodyId } = command.data;
    return this.commands.handle(vatTreatmentDecider, vatTreatmentStreamId(bodyKind, bodyId), command);
  }
}
