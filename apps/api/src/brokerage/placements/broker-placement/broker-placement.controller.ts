import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { BrokerPlacementDto } from './broker-placement.dto';
import { BrokerPlacementCommand } from './broker-placement.handler';

export class PlacementBrokeredResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' })
  placementId!: string;
}

@ApiTags('placements')
@Controller('placements')
export class BrokerPlacementController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('broker')
  @ApiOperation({
    summary: 'Broker a placement of an active LLE for a waiting request (broker of its alliance)',
    description:
      "Decided on the LLE's commitments (capacity per academic year, the six-day guideline unless " +
      "overridden with a reason, an active LLE, never the LLE's own school), then the placement is opened " +
      'and the request marked brokered. streamId and revision are those of the placement; position is the ' +
      'last event written.',
  })
  @ApiCreatedResponse({ type: PlacementBrokeredResponse })
  @ApiCommandErrors()
  async broker(
    @Body() body: BrokerPlacementDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<PlacementBrokeredResponse> {
    const { guidelineOverride, ...terms } = body;
    const result = await this.commands.execute(
      new BrokerPlacementCommand(
        {
          ...terms,
          objectives: terms.objectives.map(({ objectiveId, description }) => ({ objectiveId, description })),
          endPoint: terms.endPoint && { date: terms.endPoint.date, description: terms.endPoint.description },
          ...(guidelineOverride !== undefined
            ? { guidelineOverride: { reason: guidelineOverride.reason } }
            : {}),
        },
        metadata,
      ),
    );
    return { ...CommandResponse.from(result), placementId: result.placementId };
  }
}
