import { Controller, Get, NotFoundException, Param, ParseIntPipe, Query } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { SchoolsQuery, type SchoolSearch, type SchoolView } from '@lle/read-models';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { RequestValidationError } from '../http/http-errors';
import { problem } from '../http/problem-details';
import { AtLeastQueryDto } from '../queries/at-least.dto';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { SearchSchoolsDto } from './search-schools.dto';

export class SearchSchoolsQuery extends CqrsQuery<{ total: number; schools: SchoolView[] }> {
  constructor(readonly search: SchoolSearch) {
    super();
  }
}

export class GetSchoolQuery extends CqrsQuery<SchoolView | undefined> {
  constructor(readonly urn: number) {
    super();
  }
}

@QueryHandler(SearchSchoolsQuery)
export class SearchSchoolsHandler implements IQueryHandler<SearchSchoolsQuery> {
  constructor(private readonly schools: SchoolsQuery) {}
  execute({ search }: SearchSchoolsQuery): Promise<{ total: number; schools: SchoolView[] }> {
    return this.schools.search(search);
  }
}

@QueryHandler(GetSchoolQuery)
export class GetSchoolHandler implements IQueryHandler<GetSchoolQuery> {
  constructor(private readonly schools: SchoolsQuery) {}
  execute({ urn }: GetSchoolQuery): Promise<SchoolView | undefined> {
    return this.schools.get(urn);
  }
}

class SchoolResponse {
  @ApiProperty({ example: 136853 }) urn!: number;
  @ApiProperty({ example: 'Swavesey Village College' }) name!: string;
  @ApiProperty({ example: '873' }) laCode!: string;
  @ApiProperty({ example: 'Cambridgeshire' }) laName!: string;
  @ApiProperty({ example: 'Secondary' }) phase!: string;
  @ApiProperty({ example: 'Open' }) status!: string;
}

class SchoolsPage {
  @ApiProperty() total!: number;
  @ApiProperty({ type: [SchoolResponse] }) schools!: SchoolResponse[];
}

const READ_MODELS = ['schools'];
const urnPipe = new ParseIntPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'urn', messages: ['urn must be a number'] }]),
});

/** Schools known to the system (loaded from GIAS by `npm run schools:import`). Any signed-in role reads them. */
@ApiTags('schools')
@Controller('schools')
export class SchoolsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Find schools by local authority, phase, status or part of the name' })
  @ApiOkResponse({ type: SchoolsPage })
  @ApiQueryErrors()
  async search(@Query() query: SearchSchoolsDto): Promise<SchoolsPage> {
    await this.readYourWrites.reach(READ_MODELS, query.atLeast);
    const { la, phase, status, name, limit, offset } = query;
    return this.queries.execute(new SearchSchoolsQuery({ laCode: la, phase, status, name, limit, offset }));
  }

  @Get(':urn')
  @ApiOperation({ summary: 'One school by its URN' })
  @ApiOkResponse({ type: SchoolResponse })
  @ApiQueryErrors()
  async get(@Param('urn', urnPipe) urn: number, @Query() query: AtLeastQueryDto): Promise<SchoolResponse> {
    await this.readYourWrites.reach(READ_MODELS, query.atLeast);
    const school = await this.queries.execute(new GetSchoolQuery(urn));
    if (!school) throw new NotFoundException(problem(404, 'SCHOOL_NOT_FOUND', `No school has URN ${urn}`));
    return school;
  }
}
