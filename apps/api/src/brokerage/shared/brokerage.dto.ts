import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsLocalDate } from '../../http/validation';
import { FreeText, Name, Optional } from '../../recruitment/shared/dto-decorators';

/** The agreed end point: a date and what "done" means (the domain refuses a blank description). */
export class EndPointDto {
  @ApiProperty({ example: '2028-03-31', description: 'The agreed last date of the placement' })
  @IsLocalDate()
  date!: string;

  @FreeText(
    2000,
    'What "done" means, as agreed by the LLE, the recipient and the alliance',
    'Ofsted-ready SEF',
  )
  description!: string;
}

export class GuidelineOverrideDto {
  @FreeText(2000, 'Why the placement goes beyond the six-day guideline (kept for auditors)')
  reason!: string;
}

export class ReasonDto {
  @FreeText(2000, 'Why', 'The school joined a trust that supports it')
  reason!: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ObjectiveDto {
  @Name(100, 'leadership')
  objectiveId!: string;

  @FreeText(2000, 'What the placement aims to change', 'A middle-leadership structure that holds')
  description!: string;
}

/** A nested object that may be left out; given, it is validated against its DTO. */
export function OptionalNested(type: () => new () => object, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type, description }),
    Optional(),
    IsObject(),
    ValidateNested(),
    Type(type),
  );
}
