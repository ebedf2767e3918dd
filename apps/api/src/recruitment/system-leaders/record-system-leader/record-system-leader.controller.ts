import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { RecordSystemLeaderDto } from './record-system-leader.dto';
import { RecordSystemLeaderCommand } from './record-system-leader.handler';

export class SystemLeaderRecordedResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid', description: "The system leader's person id" })
  personId!: string;
}

@ApiTags('system-leaders')
@Controller('system-leaders')
export class RecordSystemLeaderController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Record a system leader designated elsewhere: an NLE, SLE or NLG (admin)' })
  @ApiCreatedResponse({ type: SystemLeaderRecordedResponse })
  @ApiCommandErrors()
  async record(
    @Body() body: RecordSystemLeaderDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<SystemLeaderRecordedResponse> {
    const { person, role, schoolUrn, alliance, designatedOn } = body;
    const result = await this.commands.execute(
      new RecordSystemLeaderCommand({ person, role, schoolUrn, alliance, designatedOn }, metadata),
    );
    return { ...CommandResponse.from(result), personId: result.personId };
  }
}
