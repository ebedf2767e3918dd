import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const POSITION = /^\d{1,19}$/;

type Doc = Parameters<typeof ApiPropertyOptional>[0];

/** The decorators as if written one above the other in this order (TypeScript applies the lowest first). */
function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return applyDecorators(...decorators.reverse());
}

/** An optional filter by a text of at most `maxLength` characters, not empty. */
function OptionalText(name: string, maxLength: number, doc: Doc): PropertyDecorator {
  return stacked(
    ApiPropertyOptional(doc),
    IsOptional(),
    IsString(),
    IsNotEmpty({ message: `${name} must not be empty` }),
    MaxLength(maxLength),
  );
}

/** An optional instant (ISO 8601). */
function OptionalInstant(name: string, doc: Doc): PropertyDecorator {
  return stacked(
    ApiPropertyOptional(doc),
    IsOptional(),
    IsISO8601({ strict: true }, { message: `${name} must be an ISO 8601 date and time` }),
  );
}

/** An optional global position or entry id: `what` names it in the error. */
function OptionalPosition(name: string, what: string, doc: Doc): PropertyDecorator {
  return stacked(
    ApiPropertyOptional(doc),
    IsOptional(),
    Matches(POSITION, { message: `${name} must be ${what} (a whole number)` }),
  );
}

/** How many `things` a page holds: 1 to 1000, 100 by default. */
function PageLimit(things: string): PropertyDecorator {
  return stacked(
    ApiPropertyOptional({ description: `${things} per page (1 to 1000, default 100)`, example: 100 }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'limit must be a whole number' }),
    Min(1, { message: 'limit must be at least 1' }),
    Max(1000, { message: 'limit must be at most 1000' }),
  );
}

/** Filters over all events, paged by global position. */
export class SearchEventsDto {
  @OptionalText('actor', 200, {
    description: "The actor's subject (from their token)",
    example: 'broker-CATSA',
  })
  actor?: string;

  @OptionalText('type', 200, { description: 'The event type', example: 'PlacementBrokered' })
  type?: string;

  @OptionalInstant('from', {
    description: 'Recorded at or after this instant (ISO 8601)',
    example: '2027-01-01T00:00:00Z',
  })
  from?: string;

  @OptionalInstant('to', {
    description: 'Recorded at or before this instant (ISO 8601)',
    example: '2027-12-31T23:59:59Z',
  })
  to?: string;

  @OptionalPosition('after', 'a global position', {
    description: 'Only events after this global position (the `next` of a page)',
    example: '0',
  })
  after?: string;

  @PageLimit('Events')
  limit?: number;
}

/** When to look: `position` (a global position) or `at` (an instant: the last event recorded by then). */
export class AsAtDto {
  @OptionalPosition('position', 'a global position', { description: 'A global position', example: '1454' })
  position?: string;

  @OptionalInstant('at', { description: 'An instant (ISO 8601)', example: '2027-03-01T12:00:00Z' })
  at?: string;
}

export class AuditTrailDto {
  @OptionalText('actor', 200, {
    description: "The subject of whoever's entries to list",
    example: 'auditor-all',
  })
  actor?: string;

  @OptionalText('action', 300, { description: 'Only this action', example: 'ErasePersonalData' })
  action?: string;

  @OptionalPosition('after', 'an entry id', {
    description: 'Only entries after this entry id',
    example: '0',
  })
  after?: string;

  @PageLimit('Entries')
  limit?: number;
}
