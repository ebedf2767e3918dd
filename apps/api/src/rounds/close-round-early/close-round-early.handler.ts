import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import { roundDecider, roundStreamId, type CloseRoundEarly } from '@lle/domain';

export class CloseRoundEarlyCommand extends Command<CommandResult> {
  constructor(readonly command: CloseRoundEarly) {
    super();
  }
}

@NestCommandHandler(CloseRoundEarlyCommand)
export class CloseRoundEarlyHandler implements ICommandHandler<CloseRoundEarlyCommand> {
  constructor(private readonly commands: CommandHandler) {}

  execute({ command }: CloseRoundEarlyCommand): Promise<CommandResult> {
    return this.commands.handle(roundDecider, roundStreamId(command.data.roundId), command);
  }
}
