import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import { roundDecider, roundStreamId, type AmendRoundDates } from '@lle/domain';

export class AmendRoundDatesCommand extends Command<CommandResult> {
  constructor(readonly command: AmendRoundDates) {
    super();
  }
}

@NestCommandHandler(AmendRoundDatesCommand)
export class AmendRoundDatesHandler implements ICommandHandler<AmendRoundDatesCommand> {
  constructor(private readonly commands: CommandHandler) {}

  execute({ command }: AmendRoundDatesCommand): Promise<CommandResult> {
    return this.commands.handle(roundDecider, roundStreamId(command.data.roundId), command);
  }
}
