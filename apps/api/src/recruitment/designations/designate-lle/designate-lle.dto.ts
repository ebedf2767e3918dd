import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsLocalDate } from '../../../http/validation';
import { Optional } from '../../shared/dto-decorators';

export class DesignateLLEDto {
  @ApiProperty({ format: 'uuid', description: 'The application the panel decided to designate' })
  @IsUUID('all', { message: 'applicationId must be a UUID' })
  applicationId!: string;

  @ApiProperty({ example: '2027-04-01', description: 'First day of the designation' })
  @IsLocalDate()
  from!: string;

  @ApiProperty({ example: '2030-03-31', description: 'When the designation is reviewed' })
  @IsLocalDate()
  reviewOn!: string;

  @ApiPropertyOptional({
    example: 12,
    description: 'Days an LLE may be placed per academic year (default 12)',
  })
  @Optional()
  @IsInt({ message: 'daysPerAcademicYear must be a whole number' })
  @Min(1)
  @Max(190)
  daysPerAcademicYear?: number;
}
