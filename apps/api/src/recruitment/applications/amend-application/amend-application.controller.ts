import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { ApplicationContentDto } from '../application-content.dto';
import { AmendApplicationCommand } from './amend-application.handler';

@ApiTags('applications')
@Controller('applications')
export class AmendApplicationController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':applicationId')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({
    summary: "Replace an application's content until its verification starts (admin; broker of the alliance)",
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async amend(
    @Param('applicationId', uuidParam('applicationId')) applicationId: string,
    @Body() body: ApplicationContentDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(new AmendApplicationCommand(applicationId, body, metadata));
    return CommandResponse.from(result);
  }
}
