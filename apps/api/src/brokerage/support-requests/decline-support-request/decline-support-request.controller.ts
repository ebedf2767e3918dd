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
import { DeclineSupportRequestCommand } from './decline-support-request.handler';

@ApiTags('support-requests')
@Controller('support-requests')
export class DeclineSupportRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/decline')
  @HttpCode(200)
  @Roles('broker', 'admin')
  @ApiOperation({ summary: 'Decline a waiting request, with a reason (admin; broker of its alliance)' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async decline(
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Body() body: ReasonDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new DeclineSupportRequestCommand({
        type: 'DeclineSupportRequest',
        data: { requestId, reason: body.reason },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
