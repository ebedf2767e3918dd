import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ALLIANCE_CODES, type AllianceCode } from '@lle/domain';
import { RoundDatesDto } from '../round-dates.dto';

export class ScheduleRoundDto extends RoundDatesDto {
  @ApiProperty({ enum: ALLIANCE_CODES, example: 'CATSA' })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;
}
