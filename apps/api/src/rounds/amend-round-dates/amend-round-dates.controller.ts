import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../commands/command-metadata.decorator';
import { CommandResponse } from '../../commands/command-response';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { uuidParam } from '../../http/validation';
import { RoundDatesDto } from '../round-dates.dto';
import { AmendRoundDatesCommand } from './amend-round-dates.handler';

@ApiTags('rounds')
@Controller('rounds')
export class AmendRoundDatesController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':roundId/dates')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: "Amend a round's dates before it opens (admin)" })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async amend(
    @Param('roundId', uuidParam('roundId')) roundId: string,
    @Body() body: RoundDatesDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new AmendRoundDatesCommand({ type: 'AmendRoundDates', data: { roundId, ...body }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
