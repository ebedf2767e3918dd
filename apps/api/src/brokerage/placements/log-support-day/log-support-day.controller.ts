import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { LogSupportDayDto } from './log-support-day.dto';
import { LogSupportDayCommand } from './log-support-day.handler';

@ApiTags('placements')
@Controller('placements')
export class LogSupportDayController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':placementId/days')
  @Roles('lle', 'broker')
  @ApiOperation({
    summary: 'Log a support day as delivered (the LLE or staff days were transferred to; broker)',
    description:
      'A full or half day, between the start and the agreed end point, within the days agreed (counting ' +
      'transfers), at most a full day per person per date across placements. The same dayId again is a ' +
      'no-op (written: 0).',
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async log(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Body() body: LogSupportDayDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { dayId, date, length, note, personId } = body;
    const result = await this.commands.execute(
      new LogSupportDayCommand(
        { placementId, dayId, date, length, note, ...(personId !== undefined ? { personId } : {}) },
        metadata,
      ),
    );
    return CommandResponse.from(result);
  }
}
