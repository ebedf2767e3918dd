import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, MaxLength } from 'class-validator';
import { FreeText, NestedList } from '../../shared/dto-decorators';

export class PartBScoreDto {
  @ApiProperty({ example: 'impact', description: 'A Part B area of the application' })
  @IsString()
  @MaxLength(100)
  area!: string;

  @ApiProperty({ example: 3, description: 'A whole number on the configured scale (1 to 4 by default)' })
  @IsInt({ message: 'score must be a whole number' })
  score!: number;
}

export class AssessPartBDto {
  @NestedList(() => PartBScoreDto, 20, 'One score for each area of Part B')
  scores!: PartBScoreDto[];

  @FreeText(10_000, "The assessor's comment", 'Strong evidence of impact')
  comment!: string;
}
