import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Min,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { ALLIANCE_CODES } from '@lle/domain';
import { PLACEMENT_STATUSES, SUPPORT_REQUEST_STATUSES } from '@lle/read-models';
import { IsLocalDate } from '../http/validation';
import { AtLeastQueryDto } from '../queries/at-least.dto';

const ACADEMIC_YEAR = /^(\d{4})\/(\d{2})$/;

/** An academic year named by its two calendar years, e.g. 2026/27 (the second following the first). */
export function IsAcademicYear(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isAcademicYear',
      target: target.constructor,
      propertyName: propertyKey as string,
      options: {
        message: `${String(propertyKey)} must be an academic year written like 2026/27`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          const match = typeof value === 'string' ? ACADEMIC_YEAR.exec(value) : null;
          return match !== null && (Number(match[1]) + 1) % 100 === Number(match[2]);
        },
      },
    });
}

class AllianceFilterDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ enum: ALLIANCE_CODES, description: "Brokers see their own alliance's only" })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;
}

export class ListSupportRequestsDto extends AllianceFilterDto {
  @ApiPropertyOptional({ enum: SUPPORT_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(SUPPORT_REQUEST_STATUSES, { message: `status must be one of ${SUPPORT_REQUEST_STATUSES.join(', ')}` })
  status?: (typeof SUPPORT_REQUEST_STATUSES)[number];

  @ApiPropertyOptional({ description: "The recipient school's URN", example: 110123 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'recipientUrn must be a URN (a whole number)' })
  @Min(1)
  recipientUrn?: number;
}

export class ListPlacementsDto extends AllianceFilterDto {
  @ApiPropertyOptional({ enum: PLACEMENT_STATUSES })
  @IsOptional()
  @IsIn(PLACEMENT_STATUSES, { message: `status must be one of ${PLACEMENT_STATUSES.join(', ')}` })
  status?: (typeof PLACEMENT_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: "The LLE's person id" })
  @IsOptional()
  @IsUUID('all', { message: 'lleId must be a UUID' })
  lleId?: string;

  @ApiPropertyOptional({ description: "The recipient school's URN", example: 110123 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'recipientUrn must be a URN (a whole number)' })
  @Min(1)
  recipientUrn?: number;

  @ApiPropertyOptional({ example: '2027/28', description: 'The academic year of the start date' })
  @IsOptional()
  @IsAcademicYear()
  academicYear?: string;
}

export class LleLoadDto extends AtLeastQueryDto {
  @ApiPropertyOptional({
    example: '2026/27',
    description: 'Only this academic year (all of them if left out)',
  })
  @IsOptional()
  @IsAcademicYear()
  academicYear?: string;
}

export class LleDiaryDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ example: '2027-09-01', description: 'From this date, inclusive' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2027-12-31', description: 'Up to this date, inclusive' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Voided days too, marked (default false)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeVoided must be true or false' })
  includeVoided?: 'true' | 'false';
}

export class SupportHistoryDto extends AllianceFilterDto {}
