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
import { VoidSupportDayCommand } from './void-support-day.handler';

@ApiTags('placements')
@Controller('placements')
export class VoidSupportDayController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':placementId/days/:dayId/void')
  @HttpCode(200)
  @Roles('broker', 'admin')
  @ApiOperation({
    summary: 'Void a logged day, with a reason (admin; broker of its alliance)',
    description: 'Also after the placement ended: billing turns a billed day into a credit.',
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async void(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Param('dayId', uuidParam('dayId')) dayId: string,
    @Body() body: ReasonDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new VoidSupportDayCommand({
        type: 'VoidSupportDay',
        data: { placementId, dayId, reason: body.reason },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
