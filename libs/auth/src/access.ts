import type { Actor } from '@lle/domain';

/**
 * Whether the actor may see (and, role permitting, act on) a resource of an alliance: brokers only their
 * own alliance, every other role all of them. Callers answer 404 rather than 403 when this is false, so a
 * broker cannot learn what another alliance holds.
 */
export function canSeeAlliance(actor: Actor, alliance: string): boolean {
  return actor.role !== 'broker' || actor.alliance === alliance;
}
