import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { VerifyPartADto } from './verify-part-a.dto';
import { VerifyPartACommand } from './verify-part-a.handler';

@ApiTags('applications')
@Controller('applications')
export class VerifyPartAController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':applicationId/part-a-verification')
  @HttpCode(200)
  @Roles('assessor')
  @ApiOperation({
    summary: 'Stage 1: verify every Part A criterion, met or not, with the evidence checked (assessor)',
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async verify(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() body: VerifyPartADto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new VerifyPartACommand({
        type: 'VerifyPartA',
        data: { applicationId, verdicts: body.verdicts },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
