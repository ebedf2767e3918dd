import { Body, Controller, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata, PartyAgreement } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { AmendPlacementDto } from './amend-placement.dto';
import { AmendPlacementCommand } from './amend-placement.handler';

export class PlacementAmendedResponse extends CommandResponse {
  @ApiProperty({ format: 'uuid' })
  amendmentId!: string;
}

const party = ({ agreedBy, agreedOn }: PartyAgreement): PartyAgreement => ({ agreedBy, agreedOn });

@ApiTags('placements')
@Controller('placements')
export class AmendPlacementController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':placementId')
  @Roles('broker')
  @ApiOperation({
    summary:
      'Amend the days agreed, the end point or both, as the LLE, recipient and alliance agreed (broker)',
    description:
      "Raising the days reserves them on the LLE's commitments first: beyond their capacity it is refused " +
      'and nothing is written. Above the six-day guideline it needs an override with a reason.',
  })
  @ApiOkResponse({ type: PlacementAmendedResponse })
  @ApiCommandErrors()
  async amend(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Body() body: AmendPlacementDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<PlacementAmendedResponse> {
    const { amendmentId, halfDaysAgreed, endPoint, agreement, guidelineOverride } = body;
    const result = await this.commands.execute(
      new AmendPlacementCommand(
        {
          placementId,
          ...(amendmentId !== undefined ? { amendmentId } : {}),
          ...(halfDaysAgreed !== undefined ? { halfDaysAgreed } : {}),
          ...(endPoint !== undefined
            ? { endPoint: { date: endPoint.date, description: endPoint.description } }
            : {}),
          agreement: {
            lle: party(agreement.lle),
            recipient: party(agreement.recipient),
            alliance: party(agreement.alliance),
          },
          ...(guidelineOverride !== undefined
            ? { guidelineOverride: { reason: guidelineOverride.reason } }
            : {}),
        },
        metadata,
      ),
    );
    return { ...CommandResponse.from(result), amendmentId: result.amendmentId };
  }
}
