import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { WithdrawApplicationCommand } from './withdraw-application.handler';

@ApiTags('applications')
@Controller('applications')
export class WithdrawApplicationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':applicationId/withdraw')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({
    summary: 'Withdraw an application the panel has not decided on (admin; broker of the alliance)',
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async withdraw(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new WithdrawApplicationCommand({ type: 'WithdrawApplication', data: { applicationId }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
