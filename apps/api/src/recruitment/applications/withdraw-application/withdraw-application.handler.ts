import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { WithdrawApplication } from '@lle/domain';
import { ApplicationCommands } from '../application-commands';

export class WithdrawApplicationCommand extends Command<CommandResult> {
  constructor(readonly command: WithdrawApplication) {
    super();
  }
}

@NestCommandHandler(WithdrawApplicationCommand)
export class WithdrawApplicationHandler implements ICommandHandler<WithdrawApplicationCommand> {
  constructor(private readonly applications: ApplicationCommands) {}

  execute({ command }: WithdrawApplicationCommand): Promise<CommandResult> {
    return this.applications.handle(command.metadata.actor, command.data.applicationId, async () => command);
  }
}
