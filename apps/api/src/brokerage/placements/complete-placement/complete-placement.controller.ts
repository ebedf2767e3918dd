import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { CompletePlacementCommand } from './complete-placement.handler';

@ApiTags('placements')
@Controller('placements')
export class CompletePlacementController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':placementId/completion')
  @HttpCode(200)
  @Roles('broker')
  @ApiOperation({
    summary: 'Complete a placement at its agreed end point (broker of its alliance)',
    description:
      "Before the end point, end it early with a reason instead. Frees the LLE's undelivered days.",
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async complete(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new CompletePlacementCommand({ type: 'CompletePlacement', data: { placementId }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
