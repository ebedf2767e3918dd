import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { RecordPanelDecisionDto } from './record-panel-decision.dto';
import { RecordPanelDecisionCommand } from './record-panel-decision.handler';

@ApiTags('applications')
@Controller('applications')
export class RecordPanelDecisionController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':applicationId/panel-decision')
  @HttpCode(200)
  @Roles('panel')
  @ApiOperation({ summary: "Stage 4: record the designation panel's decision (panel)" })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async decide(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() body: RecordPanelDecisionDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { decision, reasons } = body;
    const result = await this.commands.execute(
      new RecordPanelDecisionCommand({
        type: 'RecordPanelDecision',
        data: { applicationId, decision, reasons },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
