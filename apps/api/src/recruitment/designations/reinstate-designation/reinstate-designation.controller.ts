import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { ReinstateDesignationDto } from '../designation.dto';
import { ReinstateDesignationCommand } from './reinstate-designation.handler';

@ApiTags('lles')
@Controller('lles')
export class ReinstateDesignationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':lleId/reinstatement')
  @HttpCode(200)
  @Roles('admin', 'broker')
  @ApiOperation({ summary: "Reinstate a suspended LLE from today (admin; broker of the LLE's alliance)" })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async reinstate(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Body() body: ReinstateDesignationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new ReinstateDesignationCommand({
        type: 'ReinstateDesignation',
        data: { lleId, note: body.note },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
