import { ForbiddenException } from '@nestjs/common';
import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { CommandMetadata, LogSupportDay } from '@lle/domain';
import { problem } from '../../../http/problem-details';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export type LogSupportDayInput = Omit<LogSupportDay['data'], 'personId'> & { readonly personId?: string };

export class LogSupportDayCommand extends Command<CommandResult> {
  constructor(
    readonly input: LogSupportDayInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * The person logging is the token's subject for an LLE token (the LLE, or a member of staff days were
 * transferred to), who sees only placements they deliver; a broker names the person. The day is reserved
 * on the person's own stream, then logged on the placement (see BrokerageService.logSupportDay).
 */
@NestCommandHandler(LogSupportDayCommand)
export class LogSupportDayHandler implements ICommandHandler<LogSupportDayCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ input, metadata }: LogSupportDayCommand): Promise<CommandResult> {
    const { actor } = metadata;
    if (actor.role === 'lle' && input.personId !== undefined && input.personId !== actor.subject) {
      throw new ForbiddenException(
        problem(403, 'AUTH_PERSON_NOT_ALLOWED', 'An LLE or member of staff logs their own days only'),
      );
    }
    return problemSafe(this.brokerage.logSupportDay(input, metadata));
  }
}
