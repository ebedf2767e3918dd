import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { MoveLLEBetweenClusters } from '@lle/domain';
import { RecruitmentStreams } from '../../shared/recruitment-streams';
import { DesignationCommands } from '../designation-commands';

export class MoveLLEBetweenClustersCommand extends Command<CommandResult> {
  constructor(readonly command: MoveLLEBetweenClusters) {
    super();
  }
}

/** One change on the LLE's designation stream; the cluster joined is checked from its own stream. */
@NestCommandHandler(MoveLLEBetweenClustersCommand)
export class MoveLLEBetweenClustersHandler implements ICommandHandler<MoveLLEBetweenClustersCommand> {
  constructor(
    private readonly designations: DesignationCommands,
    private readonly streams: RecruitmentStreams,
  ) {}

  execute({ command }: MoveLLEBetweenClustersCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.designations.handle(
      metadata.actor,
      data.lleId,
      async ({ events, sealer }) => {
        const earlier = events.flatMap((event) =>
          event.type === 'LLEMovedBetweenClusters' ? [event.data.reason] : [],
        );
        return { ...command, data: { ...data, reason: await sealer.seal(data.reason, earlier) } };
      },
      async () => ({ cluster: await this.streams.cluster(metadata.actor, data.toClusterId) }),
    );
  }
}
