import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '@lle/auth';
import { MATCH_REASONS, type Actor } from '@lle/domain';
import { ApiQueryErrors } from '../../../http/api-errors.decorator';
import { uuidParam } from '../../../http/validation';
import { AtLeastQueryDto } from '../../../queries/at-least.dto';
import { ReadYourWritesGate } from '../../../queries/read-your-writes';
import { MatchCandidatesQuery, type RankedMatches } from './match-candidates.query';

/** The LLE directory lists the candidates, the schools read model their schools' phases. */
const READ_MODELS = ['lle_directory', 'schools'];

class MatchReasonResponse {
  @ApiProperty({ enum: Object.keys(MATCH_REASONS), example: 'PHASE_EXPERIENCE' })
  code!: string;

  @ApiProperty({ enum: ['for', 'against', 'excludes', 'neutral'] })
  effect!: string;

  @ApiProperty({ example: 'Experience of the Primary phase' })
  text!: string;
}

class MatchResponse {
  @ApiProperty({ format: 'uuid' })
  lleId!: string;

  @ApiProperty({ example: 136512, description: 'The school the LLE leads' })
  schoolUrn!: number;

  @ApiProperty({ description: 'False when a reason excludes the LLE' })
  included!: boolean;

  @ApiPropertyOptional({ example: 1, description: '1 for the best; absent for an excluded LLE' })
  rank?: number;

  @ApiProperty({ example: 24 })
  capacityHalfDays!: number;

  @ApiProperty({ example: 4 })
  committedHalfDays!: number;

  @ApiProperty({ example: 20 })
  remainingHalfDays!: number;

  @ApiProperty({ type: [MatchReasonResponse] })
  reasons!: MatchReasonResponse[];
}

export class MatchesResponse {
  @ApiProperty({ format: 'uuid' })
  requestId!: string;

  @ApiProperty({ example: '2027/28', description: "The academic year of the request's preferred start" })
  academicYear!: string;

  @ApiProperty({ type: [MatchResponse], description: 'Included LLEs best first, then the excluded ones' })
  matches!: MatchResponse[];
}

@ApiTags('support-requests')
@Controller('support-requests')
export class MatchCandidatesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get(':requestId/matches')
  @Roles('broker', 'admin', 'auditor')
  @ApiOperation({
    summary:
      "The alliance's active LLEs ranked for a request, with the reasons (admin, auditor; broker of its alliance)",
    description:
      'Excluded (listed last): not active, another alliance, the head of the recipient school, no capacity ' +
      'left. Included, best first: experience of the phase, capacity for all the days hoped for, past ' +
      'placements with the recipient, the smaller share of capacity already committed.',
  })
  @ApiOkResponse({ type: MatchesResponse })
  @ApiQueryErrors()
  async matches(
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<MatchesResponse> {
    await this.readYourWrites.reach(READ_MODELS, query.atLeast);
    const ranked: RankedMatches = await this.queries.execute(
      new MatchCandidatesQuery(actor, requestId, new Date()),
    );
    return { ...ranked, matches: ranked.matches.map((match) => ({ ...match, reasons: [...match.reasons] })) };
  }
}
