import { isLLEActiveOn, type LLEFacts } from '../recruitment/designation.state';
import type { LocalDate } from '../shared/calendar';
import { capacityHalfDays, type BrokerageRules } from './brokerage-rules';
import type { SupportRequestFacts } from './support-request.state';

/**
 * Matching: for a request, which LLEs could support it, best first, with the reasons for each. Pure: the edge
 * gathers the facts (from the designation streams and read models) and shows the answer; BrokerPlacement
 * still decides on the LLE's commitments stream, so a match is advice, never a reservation.
 *
 * The ranking rules, all here:
 *  Excluded (listed last, unranked, with every reason that excludes them):
 *   - not active on the request's preferred start and today (suspended, ended, or not yet designated);
 *   - designated in another alliance than the one whose queue the request waits in;
 *   - the head of the recipient school itself (an LLE never supports their own school);
 *   - no capacity left in the academic year of the preferred start.
 *  Included, ordered by, in turn:
 *   1. experience of the request's phase (their school's phase, or a past placement's);
 *   2. capacity left for all the days hoped for, before capacity for only some of them;
 *   3. more past placements with this recipient (continuity of a relationship that exists);
 *   4. the smaller share of their capacity already committed that year (spreads the work);
 *   5. the LLE id, so equal candidates always come in the same order.
 */
export type MatchRequest = Pick<
  SupportRequestFacts,
  'alliance' | 'recipientUrn' | 'phase' | 'preferredStart' | 'halfDaysHopedFor'
>;

export interface CandidateFacts {
  readonly lle: LLEFacts;
  /** Half-days the LLE has committed in the academic year of the request's preferred start. */
  readonly committedHalfDays: number;
  /** Phases they have experience of: their own school's phase and the phases of their past placements. */
  readonly phases: readonly string[];
  /** How many placements they have had with the recipient school before. */
  readonly placementsWithRecipient: number;
}

export const MATCH_REASONS = {
  ACTIVE_IN_ALLIANCE: 'for',
  LLE_NOT_ACTIVE: 'excludes',
  LLE_OF_ANOTHER_ALLIANCE: 'excludes',
  RECIPIENT_IS_LLE_SCHOOL: 'excludes',
  PHASE_EXPERIENCE: 'for',
  NO_PHASE_EXPERIENCE: 'against',
  CAPACITY_FOR_ALL_DAYS: 'for',
  CAPACITY_FOR_SOME_DAYS: 'against',
  NO_CAPACITY_LEFT: 'excludes',
  WORKED_WITH_RECIPIENT: 'for',
  NEW_TO_RECIPIENT: 'neutral',
} as const;
export type MatchReasonCode = keyof typeof MATCH_REASONS;

export interface MatchReason {
  readonly code: MatchReasonCode;
  /** Whether it excludes the LLE, counts for or against them, or is only said. */
  readonly effect: (typeof MATCH_REASONS)[MatchReasonCode];
  readonly text: string;
}

export interface Match {
  readonly lleId: string;
  readonly included: boolean;
  /** 1 for the best; absent for an excluded LLE. */
  readonly rank?: number;
  readonly capacityHalfDays: number;
  readonly committedHalfDays: number;
  readonly remainingHalfDays: number;
  readonly reasons: readonly MatchReason[];
}

interface Assessed extends Match {
  readonly hasPhase: boolean;
  readonly coversAllDays: boolean;
  readonly placementsWithRecipient: number;
}

export function rankCandidates(
  request: MatchRequest,
  candidates: readonly CandidateFacts[],
  rules: BrokerageRules,
  today: LocalDate,
): Match[] {
  const assessed = candidates.map((candidate) => assess(request, candidate, rules, today));
  const included = assessed.filter((match) => match.included).sort(compare);
  const excluded = assessed.filter((match) => !match.included).sort(byLLEId);
  return [
    ...included.map((match, index) => ({ ...toMatch(match), rank: index + 1 })),
    ...excluded.map(toMatch),
  ];
}

function assess(
  request: MatchRequest,
  candidate: CandidateFacts,
  rules: BrokerageRules,
  today: LocalDate,
): Assessed {
  const { lle, committedHalfDays, phases, placementsWithRecipient } = candidate;
  const reasons: MatchReason[] = [];
  const say = (code: MatchReasonCode, text: string) =>
    reasons.push({ code, effect: MATCH_REASONS[code], text });

  const active =
    lle.status === 'active' && isLLEActiveOn(lle, request.preferredStart) && isLLEActiveOn(lle, today);
  if (!active) {
    say('LLE_NOT_ACTIVE', `Not an active LLE on ${request.preferredStart} (designation ${lle.status})`);
  }
  if (lle.alliance !== request.alliance) {
    say('LLE_OF_ANOTHER_ALLIANCE', `Designated in ${lle.alliance}, not ${request.alliance}`);
  }
  if (active && lle.alliance === request.alliance) {
    say('ACTIVE_IN_ALLIANCE', `An active LLE of ${lle.alliance}`);
  }
  if (lle.schoolUrn === request.recipientUrn) {
    say('RECIPIENT_IS_LLE_SCHOOL', `Head of the recipient school (${request.recipientUrn}) itself`);
  }
  const hasPhase = phases.some((phase) => samePhase(phase, request.phase));
  say(
    hasPhase ? 'PHASE_EXPERIENCE' : 'NO_PHASE_EXPERIENCE',
    hasPhase
      ? `Experience of the ${request.phase} phase`
      : `No experience of the ${request.phase} phase on record`,
  );
  const capacity = capacityHalfDays(lle, rules);
  const remaining = Math.max(0, capacity - committedHalfDays);
  const coversAllDays = remaining >= request.halfDaysHopedFor;
  const committed = `${committedHalfDays} of ${capacity} half-days committed this academic year`;
  if (remaining === 0) say('NO_CAPACITY_LEFT', `No capacity left: ${committed}`);
  else if (coversAllDays)
    say(
      'CAPACITY_FOR_ALL_DAYS',
      `Room for the ${request.halfDaysHopedFor} half-days hoped for: ${committed}`,
    );
  else
    say(
      'CAPACITY_FOR_SOME_DAYS',
      `Room for ${remaining} of the ${request.halfDaysHopedFor} half-days hoped for: ${committed}`,
    );
  say(
    placementsWithRecipient > 0 ? 'WORKED_WITH_RECIPIENT' : 'NEW_TO_RECIPIENT',
    placementsWithRecipient > 0
      ? `Has supported this school before (${placementsWithRecipient} placement${placementsWithRecipient === 1 ? '' : 's'})`
      : 'Has not supported this school before',
  );
  return {
    lleId: lle.lleId,
    included: !reasons.some((reason) => reason.effect === 'excludes'),
    capacityHalfDays: capacity,
    committedHalfDays,
    remainingHalfDays: remaining,
    reasons,
    hasPhase,
    coversAllDays,
    placementsWithRecipient,
  };
}

/** The order of included LLEs: see the rules at the top of this file. */
function compare(a: Assessed, b: Assessed): number {
  return (
    Number(b.hasPhase) - Number(a.hasPhase) ||
    Number(b.coversAllDays) - Number(a.coversAllDays) ||
    b.placementsWithRecipient - a.placementsWithRecipient ||
    // a.committed / a.capacity against b.committed / b.capacity, in whole numbers.
    a.committedHalfDays * b.capacityHalfDays - b.committedHalfDays * a.capacityHalfDays ||
    byLLEId(a, b)
  );
}

function byLLEId(a: { lleId: string }, b: { lleId: string }): number {
  return a.lleId < b.lleId ? -1 : a.lleId > b.lleId ? 1 : 0;
}

function samePhase(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function toMatch(assessed: Assessed): Match {
  const { lleId, included, capacityHalfDays, committedHalfDays, remainingHalfDays, reasons } = assessed;
  return { lleId, included, capacityHalfDays, committedHalfDays, remainingHalfDays, reasons };
}
