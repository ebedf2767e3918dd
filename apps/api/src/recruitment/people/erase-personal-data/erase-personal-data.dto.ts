import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class ErasePersonalDataDto {
  @ApiProperty({
    example: 'Erasure requested by the applicant on 2027-05-02',
    description: 'Why; recorded in clear in the event, so it must not repeat the data erased',
  })
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the data is erased' })
  @MaxLength(2000)
  reason!: string;
}
