import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsLocalDate } from '../../../http/validation';
import { NestedList } from '../../../recruitment/shared/dto-decorators';
import { EndPointDto, GuidelineOverrideDto, ObjectiveDto, OptionalNested } from '../../shared/brokerage.dto';

export class BrokerPlacementDto {
  @ApiProperty({ format: 'uuid', description: 'The waiting request it meets' })
  @IsUUID('all', { message: 'requestId must be a UUID' })
  requestId!: string;

  @ApiProperty({ format: 'uuid', description: 'The LLE placed (their person id)' })
  @IsUUID('all', { message: 'lleId must be a UUID' })
  lleId!: string;

  @ApiProperty({ example: 12, description: 'Half-days agreed (a full day is 2); six days is the guideline' })
  @IsInt({ message: 'halfDaysAgreed must be a whole number of half-days' })
  @Min(1)
  halfDaysAgreed!: number;

  @ApiProperty({ example: '2027-10-04' })
  @IsLocalDate()
  startDate!: string;

  // Optional here so that a placement without one reaches the rule: 422 END_POINT_REQUIRED.
  @OptionalNested(
    () => EndPointDto,
    'Required: the agreed end point, a date on or after the start and what "done" means (else 422)',
  )
  endPoint?: EndPointDto;

  @ApiProperty({ example: 45000, description: 'Integer pence per full day' })
  @IsInt({ message: 'dayRatePence must be a whole number of pence' })
  @Min(0)
  dayRatePence!: number;

  @ApiProperty({ example: 5000, description: "The LLE's school's share of each fee, in basis points" })
  @IsInt({ message: 'lleSchoolShareBps must be a whole number of basis points' })
  @Min(0)
  @Max(10_000)
  lleSchoolShareBps!: number;

  @NestedList(
    () => ObjectiveDto,
    20,
    'What the placement aims to change; its impact is evaluated against them',
  )
  objectives!: ObjectiveDto[];

  @OptionalNested(() => GuidelineOverrideDto, 'Needed above the six-day guideline: why (kept for auditors)')
  guidelineOverride?: GuidelineOverrideDto;
}
