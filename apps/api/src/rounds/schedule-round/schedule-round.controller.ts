import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { idCreatedBy } from '@lle/application';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../commands/command-metadata.decorator';
import { CommandResponse } from '../../commands/command-response';
import { ApiCommandErrors } from '../../http/api-errors.decorator';
import { ScheduleRoundDto } from './schedule-round.dto';
import { ScheduleRoundCommand } from './schedule-round.handler';

export class RoundCreatedResponse extends CommandResponse {
  roundId!: string;
}

@ApiTags('rounds')
@Controller('rounds')
export class ScheduleRoundController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Open an application round for an alliance (admin)' })
  @ApiCreatedResponse({ type: RoundCreatedResponse })
  @ApiCommandErrors()
  async schedule(
    @Body() body: ScheduleRoundDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<RoundCreatedResponse> {
    // Derived from the command id, so a retried request (same Idempotency-Key) names the same round.
    const roundId = idCreatedBy(metadata.causationId, 'round');
    const result = await this.commands.execute(
      new ScheduleRoundCommand({ type: 'ScheduleRound', data: { roundId, ...body }, metadata }),
    );
    return { ...CommandResponse.from(result), roundId };
  }
}
