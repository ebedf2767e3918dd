import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { idCreatedBy } from '@lle/application';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { FormClusterDto } from './form-cluster.dto';
import { FormClusterCommand } from './form-cluster.handler';

export class ClusterFormedResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' })
  clusterId!: string;
}

@ApiTags('clusters')
@Controller('clusters')
export class FormClusterController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin', 'broker')
  @ApiOperation({ summary: 'Form a cluster of LLEs led by a designated NLE (admin; broker of the alliance)' })
  @ApiCreatedResponse({ type: ClusterFormedResponse })
  @ApiCommandErrors()
  async form(
    @Body() body: FormClusterDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<ClusterFormedResponse> {
    // Derived from the command id, so a retried request (same Idempotency-Key) names the same cluster.
    const clusterId = idCreatedBy(metadata.causationId, 'cluster');
    const { alliance, name, nleId, competencies } = body;
    const result = await this.commands.execute(
      new FormClusterCommand({
        type: 'FormCluster',
        data: { clusterId, alliance, name, nleId, competencies },
        metadata,
      }),
    );
    return { ...CommandResponse.from(result), clusterId };
  }
}
