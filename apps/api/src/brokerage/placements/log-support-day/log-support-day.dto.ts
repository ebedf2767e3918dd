import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { DAY_LENGTHS, type DayLength } from '@lle/domain';
import { IsLocalDate } from '../../../http/validation';
import { FreeText, Optional } from '../../../recruitment/shared/dto-decorators';

export class LogSupportDayDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Made by the client: sending the same day again (a retry) logs nothing twice',
  })
  @IsUUID('all', { message: 'dayId must be a UUID' })
  dayId!: string;

  @ApiProperty({ example: '2027-10-20', description: 'The date it was delivered (not in the future)' })
  @IsLocalDate()
  date!: string;

  @ApiProperty({ enum: DAY_LENGTHS })
  @IsIn(DAY_LENGTHS, { message: `length must be one of ${DAY_LENGTHS.join(', ')}` })
  length!: DayLength;

  @FreeText(500, 'What was done, in short', 'Coached the new maths lead on the curriculum map')
  note!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Brokers: who delivered it (the LLE when left out). An LLE's or staff member's token logs its " +
      "holder's own days",
  })
  @Optional()
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId?: string;
}
