import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { SCHOOL_STATUSES } from '@lle/domain';
import { AtLeastQueryDto } from '../queries/at-least.dto';

export class SearchSchoolsDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ description: 'Local authority code', example: '873' })
  @IsOptional()
  @Matches(/^\d{3}$/, { message: 'la must be a 3-digit local authority code' })
  la?: string;

  @ApiPropertyOptional({ example: 'Primary' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  phase?: string;

  @ApiPropertyOptional({ enum: SCHOOL_STATUSES })
  @IsOptional()
  @IsIn(SCHOOL_STATUSES, { message: `status must be one of: ${SCHOOL_STATUSES.join('; ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'Part of the name, any case', example: 'Swavesey' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  offset?: number;
}
