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

/** Filters over all events, paged by global position. */
export class SearchEventsDto {
  @ApiPropertyOptional({ description: "The actor's subject (from their token)", example: 'broker-CATSA' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'actor must not be empty' })
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'The event type', example: 'PlacementBrokered' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'type must not be empty' })
  @MaxLength(200)
  type?: string;

  @ApiPropertyOptional({
    description: 'Recorded at or after this instant (ISO 8601)',
    example: '2027-01-01T00:00:00Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date and time' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Recorded at or before this instant (ISO 8601)',
    example: '2027-12-31T23:59:59Z',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date and time' })
  to?: string;

  @ApiPropertyOptional({
    description: 'Only events after this global position (the `next` of a page)',
    example: '0',
  })
  @IsOptional()
  @Matches(POSITION, { message: 'after must be a global position (a whole number)' })
  after?: string;

  @ApiPropertyOptional({ description: 'Events per page (1 to 1000, default 100)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;
}

/** When to look: `position` (a global position) or `at` (an instant: the last event recorded by then). */
export class AsAtDto {
  @ApiPropertyOptional({ description: 'A global position', example: '1454' })
  @IsOptional()
  @Matches(POSITION, { message: 'position must be a global position (a whole number)' })
  position?: string;

  @ApiPropertyOptional({ description: 'An instant (ISO 8601)', example: '2027-03-01T12:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 date and time' })
  at?: string;
}

export class AuditTrailDto {
  @ApiPropertyOptional({ description: "The subject of whoever's entries to list", example: 'auditor-all' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'actor must not be empty' })
  @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ description: 'Only this action', example: 'ErasePersonalData' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'action must not be empty' })
  @MaxLength(300)
  action?: string;

  @ApiPropertyOptional({ description: 'Only entries after this entry id', example: '0' })
  @IsOptional()
  @Matches(POSITION, { message: 'after must be an entry id (a whole number)' })
  after?: string;

  @ApiPropertyOptional({ description: 'Entries per page (1 to 1000, default 100)', example: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(1000, { message: 'limit must be at most 1000' })
  limit?: number;
}
