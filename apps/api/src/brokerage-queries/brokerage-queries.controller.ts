import { Controller, Get, NotFoundException, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { canSeeAlliance, CurrentActor, Roles } from '@lle/auth';
import type { Actor } from '@lle/domain';
import {
  LleDiaryQuery,
  LleDirectoryQuery,
  PlacementsQuery,
  RecipientSupportQuery,
  SupportRequestsQuery,
  type PlacementDetail,
} from '@lle/read-models';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { RequestValidationError } from '../http/http-errors';
import { problem } from '../http/problem-details';
import { uuidParam } from '../http/validation';
import { AtLeastQueryDto } from '../queries/at-least.dto';
import { ReadYourWritesGate } from '../queries/read-your-writes';
import { allianceFor, notFound } from '../queries/scoping';
import { PeopleView } from '../recruitment-queries/people-view';
import {
  ListPlacementsDto,
  ListSupportRequestsDto,
  LleDiaryDto,
  LleLoadDto,
  SupportHistoryDto,
} from './brokerage-queries.dto';

/**
 * An LLE sees the placements they lead, and those whose days were transferred to them; every other role
 * permitted sees its alliance's (brokers) or all of them.
 */
function canSeePlacement(actor: Actor, placement: PlacementDetail): boolean {
  if (actor.role !== 'lle') return canSeeAlliance(actor, placement.alliance);
  return placement.lleId === actor.subject || placement.transfers.some((t) => t.toPersonId === actor.subject);
}

const urnPipe = new ParseIntPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'urn', messages: ['urn must be a number'] }]),
});

const QUEUE = ['support_requests'];
const PLACEMENTS = ['placements'];
const LOAD = ['lle_load', 'placements'];
const HISTORY = ['placements', 'support_requests'];

/**
 * The brokerage read side: each alliance's queue of requests, placements with their days, an LLE's load per
 * academic year and diary, a recipient school's support history. Schools are named from the schools read
 * model, people from the personal-data store at the moment of answering; positions are strings.
 */
@ApiTags('brokerage')
@Controller()
export class BrokerageQueriesController {
  constructor(
    private readonly requests: SupportRequestsQuery,
    private readonly placements: PlacementsQuery,
    private readonly lleLoads: LleDiaryQuery,
    private readonly recipients: RecipientSupportQuery,
    private readonly lles: LleDirectoryQuery,
    private readonly people: PeopleView,
    private readonly readYourWrites: ReadYourWritesGate,
  ) {}

  @Get('support-requests')
  @Roles('admin', 'broker', 'auditor')
  @ApiOperation({ summary: "An alliance's queue of requests for support, oldest first, with waiting time" })
  @ApiOkResponse({ description: 'Requests, oldest first; days waited counted to today in England' })
  @ApiQueryErrors()
  async listSupportRequests(
    @Query() query: ListSupportRequestsDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown[]> {
    await this.readYourWrites.reach(QUEUE, query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return [];
    const rows = await this.requests.list({
      alliance,
      status: query.status,
      recipientUrn: query.recipientUrn,
    });
    const names = await this.people.refs(rows.flatMap((row) => (row.lleId ? [row.lleId] : [])));
    return rows.map((row) => ({
      ...row,
      position: row.position.toString(),
      lle: row.lleId ? names.get(row.lleId) : null,
    }));
  }

  @Get('support-requests/:requestId')
  @Roles('admin', 'broker', 'auditor')
  @ApiOperation({ summary: 'One request for support, with its decision' })
  @ApiQueryErrors()
  async getSupportRequest(
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    await this.readYourWrites.reach(QUEUE, query.atLeast);
    const request = await this.requests.get(requestId);
    if (!request || !canSeeAlliance(actor, request.alliance)) {
      throw notFound('REQUEST_NOT_FOUND', `request ${requestId}`);
    }
    const names = await this.people.refs(request.lleId ? [request.lleId] : []);
    return {
      ...request,
      position: request.position.toString(),
      lle: request.lleId ? names.get(request.lleId) : null,
    };
  }

  @Get('placements')
  @Roles('admin', 'broker', 'finance', 'auditor', 'lle')
  @ApiOperation({
    summary: 'Placements by status with their days agreed, delivered, transferred and remaining',
  })
  @ApiOkResponse({ description: 'Placements by start date; an LLE sees the ones they lead' })
  @ApiQueryErrors()
  async listPlacements(@Query() query: ListPlacementsDto, @CurrentActor() actor: Actor): Promise<unknown[]> {
    await this.readYourWrites.reach(PLACEMENTS, query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    if (alliance === null) return [];
    if (actor.role === 'lle' && query.lleId !== undefined && query.lleId !== actor.subject) return [];
    const { status, recipientUrn, academicYear } = query;
    const lleId = actor.role === 'lle' ? actor.subject : query.lleId;
    const rows = await this.placements.list({ alliance, status, lleId, recipientUrn, academicYear });
    const names = await this.people.refs(rows.map((row) => row.lleId));
    return rows.map((row) => ({ ...row, position: row.position.toString(), lle: names.get(row.lleId) }));
  }

  @Get('placements/:placementId')
  @Roles('admin', 'broker', 'finance', 'auditor', 'lle')
  @ApiOperation({
    summary: 'One placement with every day logged (voided ones marked), transfer and amendment',
  })
  @ApiQueryErrors()
  async getPlacement(
    @Param('placementId', uuidParam('placementId')) placementId: string,
    @Query() query: AtLeastQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    await this.readYourWrites.reach(PLACEMENTS, query.atLeast);
    const placement = await this.placements.get(placementId);
    if (!placement || !canSeePlacement(actor, placement)) {
      throw notFound('PLACEMENT_NOT_FOUND', `placement ${placementId}`);
    }
    const names = await this.people.refs([
      placement.lleId,
      ...placement.days.map((day) => day.personId),
      ...placement.transfers.map((transfer) => transfer.toPersonId),
    ]);
    const days = await Promise.all(
      placement.days.map(async (day) => ({
        ...day,
        note: await this.opened(day.personId, day.note),
        person: names.get(day.personId),
      })),
    );
    return {
      ...placement,
      position: placement.position.toString(),
      lle: names.get(placement.lleId),
      days,
      transfers: placement.transfers.map((transfer) => ({
        ...transfer,
        toPerson: names.get(transfer.toPersonId),
      })),
    };
  }

  @Get('lles/:lleId/load')
  @Roles('admin', 'broker', 'finance', 'auditor', 'lle')
  @ApiOperation({
    summary: "An LLE's load per academic year: half-days committed, agreed, delivered, remaining, available",
  })
  @ApiOkResponse({ description: 'One entry per academic year of the placements starting in it' })
  @ApiQueryErrors()
  async lleLoad(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Query() query: LleLoadDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown[]> {
    await this.readYourWrites.reach([...LOAD, 'lle_directory'], query.atLeast);
    await this.mayReadLle(actor, lleId);
    return this.lleLoads.load(lleId, query.academicYear);
  }

  @Get('lles/:lleId/diary')
  @Roles('admin', 'broker', 'finance', 'auditor', 'lle')
  @ApiOperation({ summary: "An LLE's diary: the days delivered on their placements (or by them), by date" })
  @ApiQueryErrors()
  async lleDiary(
    @Param('lleId', uuidParam('lleId')) lleId: string,
    @Query() query: LleDiaryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown[]> {
    await this.readYourWrites.reach([...PLACEMENTS, 'lle_directory'], query.atLeast);
    await this.mayReadLle(actor, lleId);
    const { from, to } = query;
    if (from !== undefined && to !== undefined && to < from) {
      throw new RequestValidationError([{ field: 'to', messages: ['to must not come before from'] }]);
    }
    const entries = (
      await this.lleLoads.diary(lleId, { from, to, includeVoided: query.includeVoided === 'true' })
    )
      // A broker sees the days of their own alliance's placements only.
      .filter((entry) => actor.role === 'lle' || canSeeAlliance(actor, entry.alliance));
    const names = await this.people.refs(entries.map((entry) => entry.personId));
    return Promise.all(
      entries.map(async (entry) => ({
        ...entry,
        note: await this.opened(entry.personId, entry.note),
        person: names.get(entry.personId),
      })),
    );
  }

  @Get('schools/:urn/support-history')
  @Roles('admin', 'broker', 'finance', 'auditor')
  @ApiOperation({
    summary: "A recipient school's support history: placements by year with their impact, and requests",
  })
  @ApiQueryErrors()
  async supportHistory(
    @Param('urn', urnPipe) urn: number,
    @Query() query: SupportHistoryDto,
    @CurrentActor() actor: Actor,
  ): Promise<unknown> {
    await this.readYourWrites.reach(HISTORY, query.atLeast);
    const alliance = allianceFor(actor, query.alliance);
    const history = await this.recipients.history(urn, { alliance: alliance ?? undefined });
    if (alliance === null) return { ...history, years: [], placements: [], requests: [] };
    if (history.recipient.name === null && history.placements.length === 0 && history.requests.length === 0) {
      throw new NotFoundException(problem(404, 'SCHOOL_NOT_FOUND', `No school has URN ${urn}`));
    }
    const names = await this.people.refs(history.placements.map((placement) => placement.lleId));
    return {
      ...history,
      placements: history.placements.map((placement) => ({ ...placement, lle: names.get(placement.lleId) })),
    };
  }

  /**
   * An LLE reads only their own load and diary (staff given days read their own diary by their person id);
   * a broker only an LLE of their alliance; 404 otherwise, so nothing of another alliance is given away.
   */
  private async mayReadLle(actor: Actor, lleId: string): Promise<void> {
    if (actor.role === 'lle') {
      if (actor.subject !== lleId) throw notFound('LLE_NOT_FOUND', `LLE ${lleId}`);
      return;
    }
    const lle = await this.lles.get(lleId);
    if (!lle || !canSeeAlliance(actor, lle.alliance)) throw notFound('LLE_NOT_FOUND', `LLE ${lleId}`);
  }

  /** Free text as given, opened when the edge sealed it with the person's key (null once they are erased). */
  private async opened(personId: string, text: string): Promise<string | null> {
    try {
      return await this.people.unsealed(personId, text);
    } catch {
      // Sealed with another key than the person's: left as stored rather than failing the whole answer.
      return text;
    }
  }
}
