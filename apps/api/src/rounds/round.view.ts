import { ApiProperty } from '@nestjs/swagger';
import { ALLIANCE_CODES } from '@lle/domain';
import type { RoundView } from '@lle/read-models';

/** A round as the API shows it. */
export class RoundResponse {
  @ApiProperty() roundId!: string;
  @ApiProperty({ enum: ALLIANCE_CODES }) alliance!: string;
  @ApiProperty({ example: '2027-01-11' }) opensOn!: string;
  @ApiProperty({ example: '2027-02-12' }) closesOn!: string;
  @ApiProperty({ example: '2027-03-19' }) decisionsBy!: string;
  @ApiProperty({ example: ['2027-04-20'] }) inductionDates!: string[];
  @ApiProperty({ nullable: true, type: String }) closedEarlyOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) closeReason!: string | null;
  @ApiProperty({ enum: ['upcoming', 'open', 'closed'], description: 'Today, in England' }) phase!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'Global position of the latest event reflected' }) position!: string;

  static from(view: RoundView): RoundResponse {
    return {
      roundId: view.roundId,
      alliance: view.alliance,
      opensOn: view.opensOn,
      closesOn: view.closesOn,
      decisionsBy: view.decisionsBy,
      inductionDates: [...view.inductionDates],
      closedEarlyOn: view.closedEarlyOn,
      closeReason: view.closeReason,
      phase: view.phase,
      revision: view.revision,
      position: view.position.toString(),
    };
  }
}
