import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** Any query may say which write it must reflect: the position a command answered. */
export class AtLeastQueryDto {
  @ApiPropertyOptional({
    description: 'Wait (briefly) until the read model reflects this global position; 503 if it does not',
    example: '42',
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'atLeast must be a global position (a whole number)' })
  atLeast?: string;
}
