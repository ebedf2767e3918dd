import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PANEL_DECISIONS, type PanelDecision } from '@lle/domain';
import { FreeText } from '../../shared/dto-decorators';

export class RecordPanelDecisionDto {
  @ApiProperty({
    enum: PANEL_DECISIONS,
    description: 'A deferral leaves the stage open for a later decision',
  })
  @IsIn(PANEL_DECISIONS, { message: `decision must be one of ${PANEL_DECISIONS.join(', ')}` })
  decision!: PanelDecision;

  @FreeText(10_000, "The panel's reasons", 'Meets every criterion; strong Part B')
  reasons!: string;
}
