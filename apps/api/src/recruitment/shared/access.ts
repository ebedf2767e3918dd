import { ForbiddenException } from '@nestjs/common';
import { canSeeAlliance } from '@lle/auth';
import type { Actor } from '@lle/domain';
import { problem } from '../../http/problem-details';

/** Brokers act only for their own alliance: creating something for another one is refused outright. */
export function checkActsFor(actor: Actor, alliance: string): void {
  if (!canSeeAlliance(actor, alliance)) {
    throw new ForbiddenException(
      problem(
        403,
        'AUTH_ALLIANCE_NOT_ALLOWED',
        `Brokers act only for their own alliance (${actor.alliance ?? 'none'}), not for ${alliance}`,
      ),
    );
  }
}
