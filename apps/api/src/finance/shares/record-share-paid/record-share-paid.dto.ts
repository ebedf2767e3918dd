import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsPositive } from 'class-validator';
import { ALLIANCE_CODES, type AllianceCode } from '@lle/domain';
import { IsLocalDate } from '../../../http/validation';
import { MoneyDto } from '../../payments/record-payment/record-payment.dto';

export class RecordSharePaidDto extends MoneyDto {
  @ApiProperty({ enum: ALLIANCE_CODES, example: 'CATSA', description: 'The alliance that paid' })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;

  @ApiProperty({ example: 136512, description: "The LLE's school, owed the shares" })
  @IsInt({ message: 'schoolUrn must be a URN' })
  @IsPositive({ message: 'schoolUrn must be a URN' })
  schoolUrn!: number;

  @ApiProperty({ example: '2027-10-31', description: 'The date it was paid (not in the future)' })
  @IsLocalDate()
  paidOn!: string;
}
