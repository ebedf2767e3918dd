import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  ELIGIBILITY_CRITERIA,
  PRECHECK_RESULTS,
  type EligibilityCriterion,
  type PrecheckResult,
} from '@lle/domain';
import { FreeText, NestedList, OptionalFreeText } from '../../shared/dto-decorators';

export class CriterionVerdictDto {
  @ApiProperty({ enum: ELIGIBILITY_CRITERIA })
  @IsIn(ELIGIBILITY_CRITERIA, { message: `criterion must be one of ${ELIGIBILITY_CRITERIA.join(', ')}` })
  criterion!: EligibilityCriterion;

  @ApiProperty({ enum: PRECHECK_RESULTS })
  @IsIn(PRECHECK_RESULTS, { message: `verdict must be one of ${PRECHECK_RESULTS.join(', ')}` })
  verdict!: PrecheckResult;

  @FreeText(4000, 'The evidence checked', 'Checked the appointment letter')
  evidenceNote!: string;

  @OptionalFreeText(4000, 'Why the verdict departs from the pre-check (needed only then)')
  overruleReason?: string;
}

export class VerifyPartADto {
  @NestedList(() => CriterionVerdictDto, ELIGIBILITY_CRITERIA.length, 'Every criterion once')
  verdicts!: CriterionVerdictDto[];
}
