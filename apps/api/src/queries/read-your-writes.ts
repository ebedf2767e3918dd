import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, type Settings } from '@lle/config';
import { ReadYourWrites } from '@lle/projections';
import { ReadModelBehindError } from '../http/http-errors';

/** Holds a query until the named read models reflect ?atLeast=<position>, or answers 503 with Retry-After. */
@Injectable()
export class ReadYourWritesGate {
  constructor(
    private readonly readYourWrites: ReadYourWrites,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async reach(projections: readonly string[], atLeast: string | undefined): Promise<void> {
    if (atLeast === undefined) return;
    const position = BigInt(atLeast);
    const caughtUp = await this.readYourWrites.waitForPosition(
      projections,
      position,
      this.settings.READ_YOUR_WRITES_TIMEOUT_MS,
    );
    if (!caughtUp) throw new ReadModelBehindError(position);
  }
}
