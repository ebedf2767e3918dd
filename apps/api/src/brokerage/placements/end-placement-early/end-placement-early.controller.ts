import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { ReasonDto } from '../../shared/brokerage.dto';
import { EndPlacementEarlyCommand } from './end-placement-early.handler';

@ApiTags('placements')
@Controller('placements')
export class EndPlacementEarlyController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':placementId/early-end')
  @HttpCode(200)
  @Roles('broker')
  @ApiOperation({
    summary: 'End a placement before its end point, with a reason (broker of its alliance)',
    description: "Frees the LLE's undelivered days.",
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async end(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Body() body: ReasonDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new EndPlacementEarlyCommand({
        type: 'EndPlacementEarly',
        data: { placementId, reason: body.reason },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
