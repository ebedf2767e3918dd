import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '@lle/application';
import type { AddLLEToCluster } from '@lle/domain';
import { RecruitmentStreams } from '../../shared/recruitment-streams';
import { DesignationCommands } from '../designation-commands';

export class AddLLEToClusterCommand extends Command<CommandResult> {
  constructor(readonly command: AddLLEToCluster) {
    super();
  }
}

/** Decided on the LLE's designation stream, given the cluster's facts from its own stream. */
@NestCommandHandler(AddLLEToClusterCommand)
export class AddLLEToClusterHandler implements ICommandHandler<AddLLEToClusterCommand> {
  constructor(
    private readonly designations: DesignationCommands,
    private readonly streams: RecruitmentStreams,
  ) {}

  execute({ command }: AddLLEToClusterCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    return this.designations.handle(
      metadata.actor,
      data.lleId,
      async () => command,
      async () => ({ cluster: await this.streams.cluster(metadata.actor, data.clusterId) }),
    );
  }
}
