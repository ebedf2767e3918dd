import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { END_REASONS, SUSPENSION_REASONS, type EndReason, type SuspensionReason } from '@lle/domain';
import { OptionalFreeText } from '../shared/dto-decorators';

const NOTE = 'Needed when the reason is other; sealed with the LLE’s key';

export class SuspendDesignationDto {
  @ApiProperty({ enum: SUSPENSION_REASONS })
  @IsIn(SUSPENSION_REASONS, { message: `reason must be one of ${SUSPENSION_REASONS.join(', ')}` })
  reason!: SuspensionReason;

  @OptionalFreeText(4000, NOTE)
  note?: string;
}

export class ReinstateDesignationDto {
  @OptionalFreeText(4000, 'Sealed with the LLE’s key')
  note?: string;
}

export class EndDesignationDto {
  @ApiProperty({ enum: END_REASONS })
  @IsIn(END_REASONS, { message: `reason must be one of ${END_REASONS.join(', ')}` })
  reason!: EndReason;

  @OptionalFreeText(4000, NOTE)
  note?: string;
}
