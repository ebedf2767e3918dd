import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { FreeText } from '../../shared/dto-decorators';

export class ReviewReferenceDto {
  @ApiProperty({ description: 'The reference supports the application' })
  @IsBoolean()
  supportsApplication!: boolean;

  @ApiProperty({ description: 'The referee commits to deploying the LLE' })
  @IsBoolean()
  commitsToDeploying!: boolean;

  @FreeText(10_000, 'What the review found', 'The referee commits to deploying the applicant')
  notes!: string;
}
