import {
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@lle/auth';
import {
  AsAtPositionAheadError,
  AsAtViews,
  AuditTrail,
  EventHistory,
  type AsAtMoment,
  type EventPage,
  type HistoryEntry,
} from '@lle/read-models';
import { ApiQueryErrors } from '../http/api-errors.decorator';
import { RequestValidationError } from '../http/http-errors';
import { problem } from '../http/problem-details';
import { AsAtDto, AuditTrailDto, SearchEventsDto } from './audit-queries.dto';

const MAX_ID_LENGTH = 300;

function idParam(field: string, value: string): string {
  if (value.length > MAX_ID_LENGTH) {
    throw new RequestValidationError([
      { field, messages: [`${field} must be at most ${MAX_ID_LENGTH} characters`] },
    ]);
  }
  return value;
}

/** Bigints (positions) as strings, so the answer is JSON. */
function jsonSafe(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || Array.isArray(value))
    return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, typeof item === 'bigint' ? item.toString() : item]),
  );
}

/**
 * What auditors (and admins) read: any stream's history, everything one correlation id touched, all events
 * by actor, type and time, views as they stood at a past moment, and their own trail. History is read from
 * the event store itself, payloads as stored: sealed personal data stays sealed, erased stays erased.
 * Every call is recorded in the audit trail by AuditTrailInterceptor.
 */
@ApiTags('audit')
@Roles('auditor', 'admin')
@Controller('audit')
export class AuditQueriesController {
  constructor(
    private readonly history: EventHistory,
    private readonly asAt: AsAtViews,
    private readonly trail: AuditTrail,
  ) {}

  @Get('streams/:streamId/events')
  @ApiOperation({ summary: "A stream's every event in order, with its metadata and payload as stored" })
  @ApiOkResponse({ description: 'Oldest first' })
  @ApiQueryErrors()
  async streamHistory(@Param('streamId') streamId: string): Promise<HistoryEntry[]> {
    const events = await this.history.stream(idParam('streamId', streamId));
    if (events.length === 0) {
      throw new NotFoundException(problem(404, 'STREAM_NOT_FOUND', `There is no stream ${streamId}`));
    }
    return events;
  }

  @Get('correlations/:correlationId/events')
  @ApiOperation({ summary: 'Every event one correlation id touched, across streams, in global order' })
  @ApiQueryErrors()
  async correlation(@Param('correlationId') correlationId: string): Promise<HistoryEntry[]> {
    const events = await this.history.correlation(idParam('correlationId', correlationId));
    if (events.length === 0) {
      throw new NotFoundException(
        problem(404, 'CORRELATION_NOT_FOUND', `No event carries correlation id ${correlationId}`),
      );
    }
    return events;
  }

  @Get('events')
  @ApiOperation({
    summary: 'All events filtered by actor, type and time, paged by global position',
    description: 'Pass `next` back as `after` for the next page; `next` is null at the end of the log.',
  })
  @ApiQueryErrors()
  async events(@Query() query: SearchEventsDto): Promise<EventPage> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && to < from) {
      throw new RequestValidationError([{ field: 'to', messages: ['to must not come before from'] }]);
    }
    return this.history.search(
      { actor: query.actor, type: query.type, from, to },
      { after: query.after === undefined ? undefined : BigInt(query.after), limit: query.limit },
    );
  }

  @Get('as-at')
  @ApiOperation({ summary: 'The views available as they stood at a past moment' })
  list(): { name: string; description: string; readModels: readonly string[] }[] {
    return this.asAt.names().map((name) => {
      const view = this.asAt.find(name)!;
      return { name, description: view.description, readModels: view.projections };
    });
  }

  @Get('as-at/:view/:key')
  @ApiOperation({
    summary: 'A view as it stood at a global position or a time, rebuilt from the events up to it',
    description:
      'Give `position`, or `at` (an instant: the last event recorded at or before it), or neither for now. ' +
      'The read models are replayed into temporary tables; the live ones are never touched. ' +
      'Views: GET /audit/as-at.',
  })
  @ApiQueryErrors()
  async view(
    @Param('view') name: string,
    @Param('key') key: string,
    @Query() query: AsAtDto,
  ): Promise<unknown> {
    const view = this.asAt.find(name);
    if (!view) {
      throw new NotFoundException(
        problem(404, 'AS_AT_VIEW_NOT_FOUND', `There is no view ${name}; try ${this.asAt.names().join(', ')}`),
      );
    }
    if (!view.key.pattern.test(key)) {
      throw new RequestValidationError([
        { field: 'key', messages: [`key of ${name} must be ${view.key.means}`] },
      ]);
    }
    const moment = this.momentOf(query);
    try {
      const answer = await this.asAt.answer(view, key, moment);
      if (answer.answer === undefined) {
        throw new NotFoundException(
          problem(404, 'AS_AT_NOT_FOUND', `There was no ${name} ${key} at position ${answer.position}`),
        );
      }
      return { view: name, key, position: answer.position.toString(), [name]: jsonSafe(answer.answer) };
    } catch (error) {
      if (error instanceof AsAtPositionAheadError) {
        throw new UnprocessableEntityException(problem(422, 'AS_AT_POSITION_AHEAD', error.message));
      }
      throw error;
    }
  }

  @Get('trail')
  @ApiOperation({ summary: "The auditors' own trail: every audit query and export, and every erasure" })
  @ApiQueryErrors()
  async auditTrail(@Query() query: AuditTrailDto): Promise<unknown[]> {
    return this.trail.list(query);
  }

  /** Neither given: as the read models stand now (the head of the log), rebuilt from the events all the same. */
  private momentOf(query: AsAtDto): AsAtMoment {
    if (query.position !== undefined && query.at !== undefined) {
      throw new RequestValidationError([{ field: 'at', messages: ['give position or at, not both'] }]);
    }
    if (query.at !== undefined) return { time: new Date(query.at) };
    return query.position !== undefined ? { position: BigInt(query.position) } : { time: new Date() };
  }
}
