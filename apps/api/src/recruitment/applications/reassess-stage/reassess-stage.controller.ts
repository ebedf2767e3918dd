import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { ReassessStageDto } from './reassess-stage.dto';
import { ReassessStageCommand } from './reassess-stage.handler';

@ApiTags('applications')
@Controller('applications')
export class ReassessStageController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':applicationId/reassessments')
  @HttpCode(200)
  @Roles('assessor', 'panel', 'admin')
  @ApiOperation({
    summary:
      'Reopen an assessment stage on record, and every later one, with a reason (assessor, panel, admin)',
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async reassess(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() body: ReassessStageDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { stage, reason } = body;
    const result = await this.commands.execute(
      new ReassessStageCommand({ type: 'ReassessStage', data: { applicationId, stage, reason }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
