import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'closesOn' })
  field!: string;

  @ApiProperty({ example: ['closesOn must be a calendar date written YYYY-MM-DD'] })
  messages!: string[];
}

/** The shape of every error answer (RFC 9457 problem details). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://lle-brokerage.example/problems/round-dates-out-of-order' })
  type!: string;

  @ApiProperty({ example: 'Rule broken' })
  title!: string;

  @ApiProperty({ example: 422 })
  status!: number;

  @ApiProperty({ description: 'Stable error code', example: 'ROUND_DATES_OUT_OF_ORDER' })
  code!: string;

  @ApiProperty({ example: 'The round closes on 2027-01-10, before it opens on 2027-01-11' })
  detail!: string;

  @ApiPropertyOptional({ example: '3f0c8f0e-1f7e-4a0b-9a55-3c2b1d0e9f8a' })
  correlationId?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'For 400: every failing field' })
  errors?: FieldErrorDto[];
}

const COMMAND_ERRORS: Array<[number, string]> = [
  [400, 'The body is malformed: every failing field is named (VALIDATION_FAILED)'],
  [401, 'No bearer token, or one that is expired or not valid (UNAUTHENTICATED)'],
  [403, 'The role may not do this (FORBIDDEN)'],
  [404, 'No such thing, or it belongs to another alliance (…_NOT_FOUND)'],
  [409, 'A concurrent change won (CONCURRENT_CHANGE), or the Idempotency-Key is still in use'],
  [422, 'A business rule refused it (stable code), or the Idempotency-Key was used for another request'],
];

const QUERY_ERRORS: Array<[number, string]> = [
  [400, 'A malformed query parameter (VALIDATION_FAILED)'],
  [401, 'No bearer token, or one that is expired or not valid (UNAUTHENTICATED)'],
  [403, 'The role may not read this (FORBIDDEN)'],
  [503, 'The read model has not reached ?atLeast= yet (READ_MODEL_BEHIND); see Retry-After'],
];

function documented(errors: Array<[number, string]>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map(([status, description]) => ApiResponse({ status, description, type: ProblemDetailsDto })),
  );
}

export const ApiCommandErrors = (): MethodDecorator & ClassDecorator => documented(COMMAND_ERRORS);
export const ApiQueryErrors = (): MethodDecorator & ClassDecorator => documented(QUERY_ERRORS);
