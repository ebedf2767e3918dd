import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ASSESSMENT_STAGES, type AssessmentStage } from '@lle/domain';
import { FreeText } from '../../shared/dto-decorators';

export class ReassessStageDto {
  @ApiProperty({ enum: ASSESSMENT_STAGES, description: 'Reopens this stage and every later one on record' })
  @IsIn(ASSESSMENT_STAGES, { message: `stage must be one of ${ASSESSMENT_STAGES.join(', ')}` })
  stage!: AssessmentStage;

  @FreeText(10_000, 'Why the stage is done again', 'New evidence of the inspection outcome')
  reason!: string;
}
