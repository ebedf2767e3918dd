import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { OptionalReasonDto } from '../../shared/brokerage.dto';
import { WithdrawSupportRequestCommand } from './withdraw-support-request.handler';

@ApiTags('support-requests')
@Controller('support-requests')
export class WithdrawSupportRequestController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':requestId/withdraw')
  @HttpCode(200)
  @Roles('broker', 'admin')
  @ApiOperation({ summary: 'Withdraw a waiting request (admin; broker of its alliance)' })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async withdraw(
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Body() body: OptionalReasonDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { reason } = body;
    const result = await this.commands.execute(
      new WithdrawSupportRequestCommand({
        type: 'WithdrawSupportRequest',
        data: { requestId, ...(reason !== undefined ? { reason } : {}) },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
