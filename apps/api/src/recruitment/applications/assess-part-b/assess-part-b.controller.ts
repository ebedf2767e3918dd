import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { AssessPartBDto } from './assess-part-b.dto';
import { AssessPartBCommand } from './assess-part-b.handler';

@ApiTags('applications')
@Controller('applications')
export class AssessPartBController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':applicationId/part-b-assessments')
  @HttpCode(200)
  @Roles('assessor')
  @ApiOperation({
    summary: 'Stage 2: score each Part B area, once per assessor, until enough assessors have (assessor)',
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async assess(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() body: AssessPartBDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { scores, comment } = body;
    const result = await this.commands.execute(
      new AssessPartBCommand({ type: 'AssessPartB', data: { applicationId, scores, comment }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
