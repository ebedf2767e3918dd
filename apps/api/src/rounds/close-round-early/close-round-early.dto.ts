import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CloseRoundEarlyDto {
  @ApiProperty({ example: 'Enough applications received for the panel' })
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the round closes early' })
  @MaxLength(2000)
  reason!: string;
}
