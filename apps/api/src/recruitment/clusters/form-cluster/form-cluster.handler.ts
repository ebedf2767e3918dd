import { Command, CommandHandler as NestCommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandHandler, type CommandResult } from '@lle/application';
import { clusterDecider, clusterStreamId, type FormCluster } from '@lle/domain';
import { checkActsFor } from '../../shared/access';
import { RecruitmentStreams } from '../../shared/recruitment-streams';

export class FormClusterCommand extends Command<CommandResult> {
  constructor(readonly command: FormCluster) {
    super();
  }
}

/** A broker forms clusters of their own alliance only; the NLE's facts come from their own stream. */
@NestCommandHandler(FormClusterCommand)
export class FormClusterHandler implements ICommandHandler<FormClusterCommand> {
  constructor(
    private readonly commands: CommandHandler,
    private readonly streams: RecruitmentStreams,
  ) {}

  async execute({ command }: FormClusterCommand): Promise<CommandResult> {
    const { data, metadata } = command;
    checkActsFor(metadata.actor, data.alliance);
    return this.commands.handle(clusterDecider, clusterStreamId(data.clusterId), command, {
      context: async () => ({ nle: await this.streams.nle(data.nleId) }),
    });
  }
}
