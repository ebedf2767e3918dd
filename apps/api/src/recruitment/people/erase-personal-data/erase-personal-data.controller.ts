import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { ErasePersonalDataDto } from './erase-personal-data.dto';
import { ErasePersonalDataCommand } from './erase-personal-data.handler';

@ApiTags('people')
@Controller('people')
export class ErasePersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':personId/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: "Erase a person's personal data: details cleared, their key destroyed, history kept (admin)",
    description:
      'Text sealed with their key in past events can no longer be read; every event still replays. ' +
      'PersonalDataErased is recorded on the person’s stream with who asked and why.',
  })
  @ApiOkResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async erase(
    @Param('personId', uuidParam('personId')) personId: string,
    @Body() body: ErasePersonalDataDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const result = await this.commands.execute(
      new ErasePersonalDataCommand({
        type: 'ErasePersonalData',
        data: { personId, reason: body.reason },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
