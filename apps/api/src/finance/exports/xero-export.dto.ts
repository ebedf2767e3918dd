import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsLocalDate } from '../../http/validation';
import { FinanceAllianceDto } from '../finance-queries/finance-queries.dto';
import { IsMonth } from '../shared/finance.dto';

/** A period (a month, or from and to), an alliance, and the page (file) of the export to answer. */
export class XeroExportDto extends FinanceAllianceDto {
  @ApiPropertyOptional({
    example: '2027-09',
    description: 'A month (YYYY-MM); left out with from/to: last month',
  })
  @IsOptional()
  @IsMonth('period')
  period?: string;

  @ApiPropertyOptional({ example: '2027-09-01' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2027-12-31' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ example: 1, description: 'Which file: at most 500 invoices (or bills) each' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be 1 or more' })
  page?: number;
}
