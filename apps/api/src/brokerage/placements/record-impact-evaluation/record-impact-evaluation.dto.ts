import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt } from 'class-validator';
import { OBJECTIVE_OUTCOMES, type ObjectiveOutcome } from '@lle/domain';
import { FreeText, Name, NestedList } from '../../../recruitment/shared/dto-decorators';

export class CompetencyRatingDto {
  @Name(100, 'coaching')
  competencyId!: string;

  @ApiProperty({ example: 3, description: 'On the rating scale (1 to 4)' })
  @IsInt({ message: 'rating must be a whole number' })
  rating!: number;
}

export class ObjectiveEvaluationDto {
  @Name(100, 'leadership')
  objectiveId!: string;

  @ApiProperty({ enum: OBJECTIVE_OUTCOMES })
  @IsIn(OBJECTIVE_OUTCOMES, { message: `outcome must be one of ${OBJECTIVE_OUTCOMES.join(', ')}` })
  outcome!: ObjectiveOutcome;

  @FreeText(4000, 'What shows the outcome', 'Book scrutiny and the governors’ minutes')
  evidence!: string;

  @NestedList(() => CompetencyRatingDto, 50, "Against competencies of the LLE's cluster framework")
  ratings!: CompetencyRatingDto[];
}

export class RecordImpactEvaluationDto {
  @NestedList(() => ObjectiveEvaluationDto, 20, "Every one of the placement's objectives")
  objectives!: ObjectiveEvaluationDto[];

  @FreeText(4000, "The recipient school's view")
  recipientView!: string;

  @FreeText(4000, "The LLE's view")
  lleView!: string;
}
