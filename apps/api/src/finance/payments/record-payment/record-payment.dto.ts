import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsPositive, IsString, Matches } from 'class-validator';
import { ALLIANCE_CODES, type AllianceCode } from '@lle/domain';
import { RequestingBodyDto } from '../../../brokerage/support-requests/request-support/request-support.dto';
import { IsLocalDate } from '../../../http/validation';
import { Name, Nested, Optional } from '../../../recruitment/shared/dto-decorators';

/** Money received or paid: a whole number of pence above zero, on a date, with its bank reference. */
export class MoneyDto {
  @ApiProperty({ example: 90_000, description: 'Integer pence' })
  @IsInt({ message: 'amountPence must be a whole number of pence' })
  @IsPositive({ message: 'amountPence must be above zero' })
  amountPence!: number;

  @Name(100, 'BACS 000123')
  reference!: string;
}

export class RecordPaymentDto extends MoneyDto {
  @ApiProperty({ enum: ALLIANCE_CODES, example: 'CATSA', description: 'The alliance that was paid' })
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance!: AllianceCode;

  @Nested(() => RequestingBodyDto, 'The requesting body that paid')
  payer!: RequestingBodyDto;

  @ApiProperty({ example: '2027-10-15', description: 'The date the money arrived (not in the future)' })
  @IsLocalDate()
  receivedOn!: string;

  @ApiPropertyOptional({
    example: ['CATSA-000001'],
    description: "Invoice numbers to pay, in order; left out: the payer's oldest open invoices first",
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(/^[A-Z_]+-\d{6}$/, {
    each: true,
    message: 'invoiceNumbers must be invoice numbers such as CATSA-000001',
  })
  invoiceNumbers?: string[];
}
