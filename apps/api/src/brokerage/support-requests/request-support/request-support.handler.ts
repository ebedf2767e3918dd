import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { CommandMetadata, RequestSupport } from '@lle/domain';
import { checkActsFor } from '../../../recruitment/shared/access';
import { BrokerageService } from '../../shared/brokerage-service';
import { problemSafe } from '../../shared/problem-safe';

export type RequestSupportInput = Omit<RequestSupport['data'], 'requestId'>;

export interface SupportRequestedResult extends CommandResult {
  readonly requestId: string;
}

export class RequestSupportCommand extends Command<SupportRequestedResult> {
  constructor(
    readonly input: RequestSupportInput,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/** A broker puts requests in their own alliance's queue only; the schools come from their own streams. */
@NestCommandHandler(RequestSupportCommand)
export class RequestSupportHandler implements ICommandHandler<RequestSupportCommand> {
  constructor(private readonly brokerage: BrokerageService) {}

  execute({ input, metadata }: RequestSupportCommand): Promise<SupportRequestedResult> {
    checkActsFor(metadata.actor, input.alliance);
    return problemSafe(this.brokerage.requestSupport(input, metadata));
  }
}
