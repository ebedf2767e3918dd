import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
} from 'class-validator';
import { ALLIANCE_CODES } from '@lle/domain';
import {
  isPlacementCursor,
  LLE_FIGURES,
  PAGE_LIMITS,
  PLACEMENT_FIGURES,
  type LleFigure,
  type PlacementFigure,
} from '@lle/read-models';
import { IsAcademicYear } from '../brokerage-queries/brokerage-queries.dto';
import { IsLocalDate } from '../http/validation';
import { AtLeastQueryDto } from '../queries/at-least.dto';

export const DASHBOARD_FORMATS = ['json', 'csv'] as const;
export type DashboardFormat = (typeof DASHBOARD_FORMATS)[number];

/** The filters every dashboard view takes, and the format it answers in. */
export class DashboardFilterDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ enum: ALLIANCE_CODES, description: "Brokers see their own alliance's only" })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;

  @ApiPropertyOptional({
    example: '873',
    description:
      "The local authority's three-digit code (the recipient school's; the LLE's school's for LLEs)",
  })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'la must be a local authority code of three digits, e.g. 873' })
  la?: string;

  @ApiPropertyOptional({ example: 'Primary', description: 'The phase of education, as GIAS names it' })
  @IsOptional()
  @IsString({ message: 'phase must be a phase of education, e.g. Primary' })
  @IsNotEmpty({ message: 'phase must be a phase of education, e.g. Primary' })
  @MaxLength(60, { message: 'phase must be at most 60 characters' })
  phase?: string;

  @ApiPropertyOptional({ example: '2025/26', description: '1 September to 31 August' })
  @IsOptional()
  @IsAcademicYear()
  academicYear?: string;

  @ApiPropertyOptional({
    enum: DASHBOARD_FORMATS,
    description: 'csv: the same figures as a spreadsheet-friendly CSV (days as days, pence as pounds)',
  })
  @IsOptional()
  @IsIn(DASHBOARD_FORMATS, { message: `format must be one of ${DASHBOARD_FORMATS.join(', ')}` })
  format?: DashboardFormat;
}

export class DeploymentDashboardDto extends DashboardFilterDto {
  @ApiPropertyOptional({
    example: '2026-03-31',
    description:
      'The day the dashboard is read on (default today in England): requests waiting and for how long, and ' +
      'LLEs designated and active (on the last day of each year, or this day if sooner)',
  })
  @IsOptional()
  @IsLocalDate()
  asOf?: string;
}

export class DeploymentPlacementsDto extends DeploymentDashboardDto {
  @ApiPropertyOptional({
    enum: PLACEMENT_FIGURES,
    description: 'The figure to open: the placements adding up to it (all of the rows selected if left out)',
  })
  @IsOptional()
  @IsIn(PLACEMENT_FIGURES, { message: `figure must be one of ${PLACEMENT_FIGURES.join(', ')}` })
  figure?: PlacementFigure;

  @ApiPropertyOptional({
    description: `Placements per page (1 to ${PAGE_LIMITS.max}, default ${PAGE_LIMITS.default}); JSON only`,
    example: PAGE_LIMITS.default,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(PAGE_LIMITS.max, { message: `limit must be at most ${PAGE_LIMITS.max}` })
  limit?: number;

  @ApiPropertyOptional({
    description:
      'The `next` of the page before, for the page after it; JSON only (the CSV holds every placement)',
  })
  @IsOptional()
  @IsPlacementCursor()
  after?: string;
}

/** The `next` a page of placements answered, passed back unchanged. */
function IsPlacementCursor(): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isPlacementCursor',
      target: target.constructor,
      propertyName: propertyKey as string,
      options: { message: `${String(propertyKey)} must be the next of an earlier page, unchanged` },
      validator: { validate: (value: unknown) => isPlacementCursor(value) },
    });
}

export class DeploymentLlesDto extends DeploymentDashboardDto {
  @ApiProperty({ enum: LLE_FIGURES, description: 'The LLEs designated, or only those active' })
  @IsIn(LLE_FIGURES, { message: `figure must be one of ${LLE_FIGURES.join(', ')}` })
  figure!: LleFigure;
}

export class ImpactDto extends DashboardFilterDto {
  @ApiPropertyOptional({ description: "One recipient school's URN", example: 110123 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'recipientUrn must be a URN (a whole number)' })
  @Min(1, { message: 'recipientUrn must be a URN (a whole number)' })
  recipientUrn?: number;
}
