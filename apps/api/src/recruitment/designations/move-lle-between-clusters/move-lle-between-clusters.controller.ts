import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { MoveLLEBetweenClustersDto } from './move-lle-between-clusters.dto';
import { MoveLLEBetweenClustersCommand } from './move-lle-between-clusters.handler';

@ApiTags('lles')
@Controller('lles')
export class MoveLLEBetweenClustersController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':lleId/cluster')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({ summary: 'Move an LLE from their cluster to another of their alliance (admin; broker)' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async move(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Body() body: MoveLLEBetweenClustersDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { fromClusterId, toClusterId, reason } = body;
    const result = await this.commands.execute(
      new MoveLLEBetweenClustersCommand({
        type: 'MoveLLEBetweenClusters',
        data: { lleId, fromClusterId, toClusterId, reason },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
