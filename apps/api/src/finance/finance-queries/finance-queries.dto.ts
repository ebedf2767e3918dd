import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ALLIANCE_CODES } from '@lle/domain';
import { IsLocalDate } from '../../http/validation';
import { AtLeastQueryDto } from '../../queries/at-least.dto';

export class FinanceAllianceDto extends AtLeastQueryDto {
  @ApiPropertyOptional({ enum: ALLIANCE_CODES })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;
}

export class ListInvoicesDto extends FinanceAllianceDto {
  @ApiPropertyOptional({ example: '2027-10-01', description: 'Issued on or after' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2027-10-31', description: 'Issued on or before' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only invoices with a balance still owed' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'open must be true or false' })
  open?: 'true' | 'false';
}

export class ReceivablesDto extends FinanceAllianceDto {
  @ApiPropertyOptional({ example: '2027-12-31', description: 'As at this date (default: today in England)' })
  @IsOptional()
  @IsLocalDate()
  asAt?: string;
}
