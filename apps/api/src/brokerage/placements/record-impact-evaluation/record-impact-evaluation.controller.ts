import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import type { CommandMetadata } from '@lle/domain';
import { CommandContext } from '../../../commands/command-metadata.decorator';
import { CommandResponse } from '../../../commands/command-response';
import { ApiCommandErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { RecordImpactEvaluationDto } from './record-impact-evaluation.dto';
import { RecordImpactEvaluationCommand } from './record-impact-evaluation.handler';

@ApiTags('placements')
@Controller('placements')
export class RecordImpactEvaluationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':placementId/impact-evaluation')
  @Roles('broker')
  @ApiOperation({
    summary: "Record an ended placement's impact against its objectives (broker of its alliance)",
    description:
      "Each objective gets an outcome and evidence, rated against competencies of the LLE's cluster " +
      "framework; the recipient's and the LLE's views are both kept.",
  })
  @ApiCreatedResponse({ type: CommandResponse })
  @ApiCommandErrors()
  async evaluate(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Body() body: RecordImpactEvaluationDto,
    @CommandContext() metadata: CommandMetadata,
  ): Promise<CommandResponse> {
    const { objectives, recipientView, lleView } = body;
    const result = await this.commands.execute(
      new RecordImpactEvaluationCommand({
        type: 'RecordImpactEvaluation',
        data: {
          placementId,
          objectives: objectives.map(({ objectiveId, outcome, evidence, ratings }) => ({
            objectiveId,
            outcome,
            evidence,
            ratings: ratings.map(({ competencyId, rating }) => ({ competencyId, rating })),
          })),
          recipientView,
          lleView,
        },
        metadata,
      }),
    );
    return CommandResponse.from(result);
  }
}
