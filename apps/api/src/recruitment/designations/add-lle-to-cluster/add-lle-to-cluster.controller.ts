import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { AddLLEToClusterDto } from './add-lle-to-cluster.dto';
import { AddLLEToClusterCommand } from './add-lle-to-cluster.handler';

@ApiTags('lles')
@Controller('lles')
export class AddLLEToClusterController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lleId/cluster')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({ summary: 'Add an active LLE in no cluster to a cluster of their alliance (admin; broker)' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async add(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Body() body: AddLLEToClusterDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new AddLLEToClusterCommand({
        type: 'AddLLEToCluster',
        data: { lleId, clusterId: body.clusterId },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
