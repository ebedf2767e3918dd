import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ALLIANCE_CODES } from '@lle/domain';
import { AtLeastQueryDto } from '../../queries/at-least.dto';

export class ListRoundsDto extends AtLeastQueryDto {
  @ApiPropertyOptional({
    enum: ALLIANCE_CODES,
    description: "Brokers always see their own alliance's rounds",
  })
  @IsOptional()
  @IsIn(ALLIANCE_CODES, { message: `alliance must be one of ${ALLIANCE_CODES.join(', ')}` })
  alliance?: string;
}
