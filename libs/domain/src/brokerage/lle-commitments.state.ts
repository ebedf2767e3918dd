import type { LLECommitmentsEvent, Objective, ReleaseReason } from './lle-commitments.events';

export interface PlacementCommitment {
  readonly placementId: string;
  readonly requestId: string;
  readonly academicYear: string;
  /** Half-days committed now: as brokered, plus reservations, less releases; once closed, those delivered. */
  readonly halfDays: number;
  /** False once the placement completed or ended early: nothing more can be reserved for it. */
  readonly open: boolean;
  /** The terms as brokered in canonical form, to tell a retried BrokerPlacement from a different one. */
  readonly placementTermsKey: string;
  /** Half-days reserved, by amendment id. */
  readonly reservations: Readonly<Record<string, number>>;
  /** Half-days released, by `commitmentReleaseKey(reason, amendmentId)`. */
  readonly releases: Readonly<Record<string, number>>;
}

export type LLECommitmentsState =
  | { readonly status: 'empty' }
  | {
      readonly status: 'committed';
      readonly lleId: string;
      readonly placements: Readonly<Record<string, PlacementCommitment>>;
    };

export const initialLLECommitmentsState = (): LLECommitmentsState => ({ status: 'empty' });

export function evolveLLECommitments(
  state: LLECommitmentsState,
  event: LLECommitmentsEvent,
): LLECommitmentsState {
  switch (event.type) {
    case 'PlacementBrokered': {
      const placements = state.status === 'committed' ? state.placements : {};
      const { placementId, requestId, lleId, academicYear, halfDaysAgreed } = event.data;
      if (placements[placementId] !== undefined) return state;
      const commitment: PlacementCommitment = {
        placementId,
        requestId,
        academicYear,
        halfDays: halfDaysAgreed,
        open: true,
        placementTermsKey: placementTermsKey(event.data),
        reservations: {},
        releases: {},
      };
      return { status: 'committed', lleId, placements: { ...placements, [placementId]: commitment } };
    }
    case 'PlacementDaysReserved': {
      const { placementId, amendmentId, halfDays } = event.data;
      return change(state, placementId, (commitment) =>
        commitment.reservations[amendmentId] !== undefined
          ? commitment
          : {
              ...commitment,
              halfDays: commitment.halfDays + halfDays,
              reservations: { ...commitment.reservations, [amendmentId]: halfDays },
            },
      );
    }
    case 'PlacementDaysReleased': {
      const { placementId, amendmentId, reason, halfDays } = event.data;
      const key = commitmentReleaseKey(reason, amendmentId);
      return change(state, placementId, (commitment) =>
        commitment.releases[key] !== undefined
          ? commitment
          : {
              ...commitment,
              halfDays: Math.max(0, commitment.halfDays - halfDays),
              releases: { ...commitment.releases, [key]: halfDays },
            },
      );
    }
    case 'PlacementCommitmentClosed': {
      const { placementId, halfDaysDelivered } = event.data;
      return change(state, placementId, (commitment) =>
        commitment.open
          ? { ...commitment, open: false, halfDays: Math.min(commitment.halfDays, halfDaysDelivered) }
          : commitment,
      );
    }
    default:
      return state;
  }
}

function change(
  state: LLECommitmentsState,
  placementId: string,
  update: (commitment: PlacementCommitment) => PlacementCommitment,
): LLECommitmentsState {
  if (state.status !== 'committed') return state;
  const commitment = state.placements[placementId];
  if (commitment === undefined) return state;
  return { ...state, placements: { ...state.placements, [placementId]: update(commitment) } };
}

export function commitmentReleaseKey(reason: ReleaseReason, amendmentId: string): string {
  return `${reason}:${amendmentId}`;
}

/** The terms a BrokerPlacement command sets, in canonical form (derived facts like the alliance left out). */
export function placementTermsKey(terms: {
  readonly placementId: string;
  readonly requestId: string;
  readonly lleId: string;
  readonly halfDaysAgreed: number;
  readonly startDate: string;
  readonly endPoint?: { readonly date: string; readonly description: string } | undefined;
  readonly dayRatePence: number;
  readonly lleSchoolShareBps: number;
  readonly objectives: readonly Objective[];
  readonly guidelineOverride?: { readonly reason: string } | undefined;
}): string {
  return JSON.stringify([
    terms.placementId,
    terms.requestId,
    terms.lleId,
    terms.halfDaysAgreed,
    terms.startDate,
    terms.endPoint?.date,
    terms.endPoint?.description,
    terms.dayRatePence,
    terms.lleSchoolShareBps,
    terms.objectives.map(({ objectiveId, description }) => [objectiveId, description]),
    terms.guidelineOverride?.reason,
  ]);
}

/** The LLE's committed half-days in an academic year (by label, e.g. 2027/28), across all placements. */
export function committedHalfDaysIn(state: LLECommitmentsState, academicYear: string): number {
  if (state.status === 'empty') return 0;
  return Object.values(state.placements)
    .filter((commitment) => commitment.academicYear === academicYear)
    .reduce((sum, commitment) => sum + commitment.halfDays, 0);
}

/** A placement's commitment on this stream, if brokered here. */
export function commitmentOf(
  state: LLECommitmentsState,
  placementId: string,
): PlacementCommitment | undefined {
  return state.status === 'committed' ? state.placements[placementId] : undefined;
}

/**
 * What AmendPlacement needs in its context to raise a placement's days: the half-days reserved for that
 * amendment and not released since (0 when none).
 */
export function reservedForAmendment(
  state: LLECommitmentsState,
  placementId: string,
  amendmentId: string,
): number {
  const commitment = commitmentOf(state, placementId);
  if (commitment === undefined || !commitment.open) return 0;
  const reserved = commitment.reservations[amendmentId] ?? 0;
  const released = commitment.releases[commitmentReleaseKey('reservation_unused', amendmentId)] ?? 0;
  return Math.max(0, reserved - released);
}
