import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Command } from '../shared/command';
import type { RoundState } from '../rounds/round.state';
import type { EligibilityCriterion, PrecheckResult, SchoolFacts } from './eligibility-rules';
import type { ApplicationContent, AssessmentStage, PanelDecision, PartBScore } from './application.events';
import type { RecruitmentRules } from './recruitment-rules';

export type SubmitApplication = Command<
  'SubmitApplication',
  ApplicationContent & { applicationId: string; roundId: string; applicantId: string; alliance: AllianceCode }
>;
/** Replaces the whole content; the round, applicant and alliance stay as submitted. */
export type AmendApplication = Command<'AmendApplication', ApplicationContent & { applicationId: string }>;
export type WithdrawApplication = Command<'WithdrawApplication', { applicationId: string }>;

/** Stage 1: every criterion, met or not, with the evidence the verifier checked. */
export type VerifyPartA = Command<
  'VerifyPartA',
  {
    applicationId: string;
    verdicts: {
      criterion: EligibilityCriterion;
      verdict: PrecheckResult;
      evidenceNote: string;
      overruleReason?: string;
    }[];
  }
>;
/** Stage 2, once per assessor (the actor): a score for each Part B area and a comment. */
export type AssessPartB = Command<
  'AssessPartB',
  { applicationId: string; scores: PartBScore[]; comment: string }
>;
/** Stage 3. */
export type ReviewReference = Command<
  'ReviewReference',
  { applicationId: string; supportsApplication: boolean; commitsToDeploying: boolean; notes: string }
>;
/** Stage 4, recorded by a panel member. A deferral leaves the stage open for a later decision. */
export type RecordPanelDecision = Command<
  'RecordPanelDecision',
  { applicationId: string; decision: PanelDecision; reasons: string }
>;
/** Reopens a stage on record, and every later one, so it can be done again. */
export type ReassessStage = Command<
  'ReassessStage',
  { applicationId: string; stage: AssessmentStage; reason: string }
>;

export type ApplicationCommand =
  | SubmitApplication
  | AmendApplication
  | WithdrawApplication
  | VerifyPartA
  | AssessPartB
  | ReviewReference
  | RecordPanelDecision
  | ReassessStage;

export function applicationStreamId(applicationId: string): string {
  return `application-${applicationId}`;
}

/** The round as the application decision sees it; see `roundFacts`. */
export interface RoundFacts {
  readonly roundId: string;
  readonly alliance: AllianceCode;
  readonly opensOn: LocalDate;
  readonly closesOn: LocalDate;
  readonly closedEarlyOn?: LocalDate;
}

/**
 * What the application decider needs besides its own stream, looked up at the edge before deciding:
 * - always: `rules`;
 * - SubmitApplication: `round` (by the command's roundId), `school` (by its schoolUrn), and
 *   `liveApplicationIds` (this applicant's live applications in that round, from the applications read
 *   model; this application's own id may be among them);
 * - AmendApplication: `round` (the application's round) and `school` (by the amended schoolUrn).
 * A lookup that found nothing is left undefined and refused as unknown.
 */
export interface ApplicationContext {
  readonly rules: RecruitmentRules;
  readonly round?: RoundFacts;
  readonly school?: SchoolFacts;
  readonly liveApplicationIds?: readonly string[];
}

/** The round's facts from its folded stream, or undefined when the round does not exist. */
export function roundFacts(roundId: string, state: RoundState): RoundFacts | undefined {
  if (state.status === 'none') return undefined;
  const { opensOn, closesOn } = state.dates;
  return {
    roundId,
    alliance: state.alliance,
    opensOn,
    closesOn,
    ...(state.status === 'closed_early' ? { closedEarlyOn: state.closedOn } : {}),
  };
}
