import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { IsLocalDate } from '../http/validation';

/** The dates of a round, calendar dates in England. */
export class RoundDatesDto {
  @ApiProperty({ example: '2027-01-11', description: 'First day applications are accepted' })
  @IsLocalDate()
  opensOn!: string;

  @ApiProperty({ example: '2027-02-12', description: 'Last day applications are accepted' })
  @IsLocalDate()
  closesOn!: string;

  @ApiProperty({ example: '2027-03-19', description: 'Decisions are communicated by this date' })
  @IsLocalDate()
  decisionsBy!: string;

  @ApiProperty({ example: ['2027-04-20'], description: 'Induction dates; empty while to be confirmed' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsLocalDate({ each: true, message: 'each of inductionDates must be a calendar date written YYYY-MM-DD' })
  inductionDates!: string[];
}
