import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ALLIANCE_CODES, MAX_PAYMENT_TERMS_DAYS, type AllianceCode } from '@lle/domain';
import { IsLocalDate } from '../../../http/validation';
import { Optional } from '../../../recruitment/shared/dto-decorators';
import { IsMonth } from '../../shared/finance.dto';

export class IssueInvoicesDto {
  @ApiProperty({
    enum: ALLIANCE_CODES,
    example: 'CATSA',
    description: 'The alliance whose charges to invoice',
  })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;

  @ApiPropertyOptional({
    example: '2027-09',
    description: 'The month whose days to bill (YYYY-MM); left out with from/to: the month before this one',
  })
  @Optional()
  @IsMonth('period')
  period?: string;

  @ApiPropertyOptional({ example: '2027-09-01', description: 'Instead of period: the first day to bill' })
  @Optional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2027-09-30', description: 'Instead of period: the last day to bill' })
  @Optional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({
    example: 30,
    description: 'Days after issue the invoices are due (default: configured)',
  })
  @Optional()
  @IsInt({ message: 'paymentTermsDays must be a whole number of days' })
  @Min(0, { message: 'paymentTermsDays must not be negative' })
  @Max(MAX_PAYMENT_TERMS_DAYS, { message: `paymentTermsDays must be at most ${MAX_PAYMENT_TERMS_DAYS}` })
  paymentTermsDays?: number;
}
