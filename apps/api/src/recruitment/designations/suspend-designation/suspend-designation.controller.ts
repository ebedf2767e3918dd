import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { SuspendDesignationDto } from '../designation.dto';
import { SuspendDesignationCommand } from './suspend-designation.handler';

@ApiTags('lles')
@Controller('lles')
export class SuspendDesignationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lleId/suspension')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({ summary: "Suspend an LLE's designation from today (admin; broker of the LLE's alliance)" })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async suspend(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Body() body: SuspendDesignationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { reason, note } = body;
    const result = await this.commands.execute(
      new SuspendDesignationCommand({ type: 'SuspendDesignation', data: { lleId, reason, note }, metadata }),
    );
    return CommandResponse.from(result);
  }
}
