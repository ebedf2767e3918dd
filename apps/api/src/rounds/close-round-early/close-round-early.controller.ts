import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../commands/command-metadata.decorator';
import { CommandResponse } from '../../commands/command-response';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { uuidParam } from '../../http/validation';
import { CloseRoundEarlyDto } from './close-round-early.dto';
import { CloseRoundEarlyCommand } from './close-round-early.handler';

@ApiTags('rounds')
@Controller('rounds')
export class CloseRoundEarlyController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':roundId/close')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Close a round early, from today (admin)' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async close(
    @Param('roundId', uuidParam('roundId')) roundId: string,
    @Body() body: CloseRoundEarlyDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new CloseRoundEarlyCommand({
        type: 'CloseRoundEarly',
        data: { roundId, reason: body.reason },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
