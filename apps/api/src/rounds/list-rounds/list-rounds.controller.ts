import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canSeeAlliance, CurrentActor } from '@lle/auth';
import type { Actor } from '@lle/domain';
import { ApiQueryErrors } from '../../http/api-errors.decorator';
import { problem } from '../../http/problem-details';
import { uuidParam } from '../../http/validation';
import { AtLeastQueryDto } from '../../queries/at-least.dto';
import { ReadYourWritesGate } from '../../queries/read-your-writes';
import { RoundResponse } from '../round.view';
import { ListRoundsDto } from './list-rounds.dto';
import { GetRoundQuery, ListRoundsQuery } from './list-rounds.query';

const READ_MODELS = ['rounds'];

@ApiTags('rounds')
@Controller('rounds')
export class ListRoundsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Application rounds with their phase today (brokers: their own alliance)' })
  @ApiOkResponse({ type: [RoundResponse] })
  @ApiQueryErrors()
  async list(@Query() query: ListRoundsDto, @CurrentActor() actor: Actor): Promise<RoundResponse[]> {
    await this.readYourWrites.reach(READ_MODELS, query.atLeast);
    const alliance = actor.role === 'broker' ? actor.alliance : query.alliance;
    if (actor.role === 'broker' && query.alliance && query.alliance !== actor.alliance) return [];
    const rounds = await this.queries.execute(new ListRoundsQuery(alliance));
    return rounds.map((view) => RoundResponse.from(view));
  }

  @Get(':roundId')
  @ApiOperation({ summary: 'One application round' })
  @ApiOkResponse({ type: RoundResponse })
  @ApiQueryErrors()
  async get(
    @Param('roundId', uuidParam('roundId')) roundId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<RoundResponse> {
    await this.readYourWrites.reach(READ_MODELS, query.atLeast);
    const round = await this.queries.execute(new GetRoundQuery(roundId));
    // Another alliance's round answers exactly as a round that does not exist.
    if (!round || !canSeeAlliance(actor, round.alliance)) {
      throw new NotFoundException(problem(404, 'ROUND_NOT_FOUND', `There is no round ${roundId}`));
    }
    return RoundResponse.from(round);
  }
}
