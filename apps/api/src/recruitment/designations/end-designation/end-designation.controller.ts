import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { EndDesignationDto } from '../designation.dto';
import { EndDesignationCommand } from './end-designation.handler';

@ApiTags('lles')
@Controller('lles')
export class EndDesignationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lleId/ending')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({
    summary:
      "End an LLE's designation from today, leaving their cluster (admin; broker of the LLE's alliance)",
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async end(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Body() body: EndDesignationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { reason, note } = body;
    const result = await this.commands.execute(
      new EndDesignationCommand({ type: 'EndDesignation', data: { lleId, reason, note }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
