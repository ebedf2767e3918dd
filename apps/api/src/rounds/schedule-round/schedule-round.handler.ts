import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import { roundDecider, roundStreamId, type ScheduleRound } from '@lle/domain';

export class ScheduleRoundCommand extends Command<CommandResult> {
  constructor(readonly command: ScheduleRound) {
    super();
  }
}

@NestCommandHandler(ScheduleRoundCommand)
export class ScheduleRoundHandler implements ICommandHandler<ScheduleRoundCommand> {
  constructor(private readonly commands: CommandHandler) {}

  execute({ command }: ScheduleRoundCommand): Promise<CommandResult> {
    return this.commands.handle(roundDecider, roundStreamId(command.data.roundId), command);
  }
}
