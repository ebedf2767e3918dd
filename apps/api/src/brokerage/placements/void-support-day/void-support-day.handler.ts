import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { VoidSupportDay } from '@lle/domain';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export class VoidSupportDayCommand extends Command<CommandResult> {
  constructor(readonly command: VoidSupportDay) {
    super();
  }
}

/** The placement first, then the person's date freed on their own stream. */
@NestCommandHandler(VoidSupportDayCommand)
export class VoidSupportDayHandler implements ICommandHandler<VoidSupportDayCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ command }: VoidSupportDayCommand): Promise<CommandResult> {
    return problemSafe(this.brokerage.voidSupportDay(command.data, command.metadata));
  }
}
