import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { VAT_TREATMENTS, type VatTreatment } from '@lle/domain';

export class SetVatTreatmentDto {
  @ApiProperty({ enum: VAT_TREATMENTS, example: 'exempt' })
  @IsIn(VAT_TREATMENTS, { message: `treatment must be one of ${VAT_TREATMENTS.join(', ')}` })
  treatment!: VatTreatment;

  @ApiProperty({ example: 'Exemption certificate 2027-14 on file' })
  @IsString()
  @IsNotEmpty({ message: 'reason must say why the treatment is set' })
  @MaxLength(500)
  reason!: string;
}
