import { roundPhaseOn } from '../rounds/round.state';
import { dateInEngland, type LocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  copyPartA,
  ELIGIBILITY_CRITERIA,
  partAProblem,
  precheck,
  PRECHECK_RESULTS,
  type CriterionPrecheck,
  type EligibilityCriterion,
  type SchoolFacts,
} from './eligibility-rules';
import type {
  AmendApplication,
  ApplicationCommand,
  ApplicationContext,
  AssessPartB,
  ReassessStage,
  RecordPanelDecision,
  ReviewReference,
  RoundFacts,
  SubmitApplication,
  VerifyPartA,
  WithdrawApplication,
} from './application.commands';
import {
  ASSESSMENT_STAGES,
  PANEL_DECISIONS,
  type ApplicationContent,
  type ApplicationEvent,
  type AssessmentStage,
  type CriterionVerdict,
  type PartBScore,
} from './application.events';
import {
  contentKey,
  evolveApplication,
  initialApplicationState,
  panelKey,
  partBKey,
  referenceKey,
  stageStarted,
  stagesOnRecord,
  verdictsKey,
  type ApplicationOnFile,
  type ApplicationState,
} from './application.state';
import { isEligibleRefereeKind, REFEREE_KIND_DESCRIPTIONS } from './referee-kinds';
import type { RecruitmentRules } from './recruitment-rules';

export const applicationDecider: Decider<
  ApplicationCommand,
  ApplicationEvent,
  ApplicationState,
  ApplicationContext
> = {
  initialState: initialApplicationState,
  evolve: evolveApplication,
  decide(command, state, context) {
    switch (command.type) {
      case 'SubmitApplication':
        return submitApplication(command, state, context);
      case 'AmendApplication':
        return amendApplication(command, state, context);
      case 'WithdrawApplication':
        return withdrawApplication(command, state);
      case 'VerifyPartA':
        return verifyPartA(command, state);
      case 'AssessPartB':
        return assessPartB(command, state, context.rules);
      case 'ReviewReference':
        return reviewReference(command, state);
      case 'RecordPanelDecision':
        return recordPanelDecision(command, state);
      case 'ReassessStage':
        return reassessStage(command, state, context);
      default:
        return assertNever(command);
    }
  },
};

function submitApplication(
  command: SubmitApplication,
  state: ApplicationState,
  context: ApplicationContext,
): ApplicationEvent[] {
  const { applicationId, roundId, applicantId, alliance, ...content } = command.data;
  const today = dateInEngland(command.metadata.now);
  if (state.status !== 'none') {
    const { application } = state;
    const key = contentKey(content);
    const same =
      application.roundId === roundId &&
      application.applicantId === applicantId &&
      application.alliance === alliance &&
      (application.submissionKey === key || application.contentKey === key);
    if (same) return [];
    throw new DomainError(
      'APPLICATION_ALREADY_EXISTS',
      `Application ${applicationId} was already submitted with different details; amend it instead`,
      'conflict',
    );
  }
  checkContent(content, applicantId, today);
  const round = checkRoundOpen(context.round, roundId, today);
  if (round.alliance !== alliance) {
    throw new DomainError(
      'ROUND_OF_ANOTHER_ALLIANCE',
      `Round ${roundId} is run by ${round.alliance}, not ${alliance}; apply in a round of ${alliance}`,
    );
  }
  const school = checkSchool(context.school, content.schoolUrn);
  if (context.liveApplicationIds === undefined) {
    // A list that was not looked up must not read as "no other application": that would let a second one in.
    throw new Error('SubmitApplication needs the live applications of the applicant in the round');
  }
  const others = context.liveApplicationIds.filter((id) => id !== applicationId);
  if (others.length > 0) {
    throw new DomainError(
      'APPLICATION_ALREADY_LIVE',
      `The applicant already has a live application in round ${roundId}; amend or withdraw it instead`,
      'rule',
      { applicationIds: others },
    );
  }
  return [
    {
      type: 'ApplicationSubmitted',
      data: {
        applicationId,
        roundId,
        applicantId,
        alliance,
        ...copyContent(content),
        precheck: precheck(content.partA, school, today, context.rules.eligibility),
        submittedOn: today,
      },
    },
  ];
}

function amendApplication(
  command: AmendApplication,
  state: ApplicationState,
  context: ApplicationContext,
): ApplicationEvent[] {
  const { applicationId, ...content } = command.data;
  const today = dateInEngland(command.metadata.now);
  const current = onFile(state, applicationId);
  if (current.application.contentKey === contentKey(content)) return [];
  notWithdrawn(current);
  if (current.status !== 'submitted') {
    throw new DomainError(
      'APPLICATION_UNDER_ASSESSMENT',
      `Application ${applicationId} can no longer be amended: its verification has started`,
    );
  }
  checkContent(content, current.application.applicantId, today);
  checkRoundOpen(context.round, current.application.roundId, today);
  const school = checkSchool(context.school, content.schoolUrn);
  return [
    {
      type: 'ApplicationAmended',
      data: {
        applicationId,
        ...copyContent(content),
        precheck: precheck(content.partA, school, today, context.rules.eligibility),
        amendedOn: today,
      },
    },
  ];
}

function withdrawApplication(command: WithdrawApplication, state: ApplicationState): ApplicationEvent[] {
  const { applicationId } = command.data;
  const current = onFile(state, applicationId);
  if (current.status === 'withdrawn') return [];
  if (current.status === 'approved' || current.status === 'declined') {
    throw new DomainError(
      'APPLICATION_ALREADY_DECIDED',
      `The panel has already decided on application ${applicationId}; it can no longer be withdrawn`,
    );
  }
  return [
    {
      type: 'ApplicationWithdrawn',
      data: { applicationId, withdrawnOn: dateInEngland(command.metadata.now) },
    },
  ];
}

function verifyPartA(command: VerifyPartA, state: ApplicationState): ApplicationEvent[] {
  const { applicationId } = command.data;
  const current = onFile(state, applicationId);
  const verdicts = checkVerdicts(command.data.verdicts, current.application.precheck);
  if (current.stages.partA?.key === verdictsKey(verdicts)) return [];
  notWithdrawn(current);
  checkStageIsNext(current, 'part_a');
  return [
    {
      type: 'PartAVerified',
      data: {
        applicationId,
        verdicts,
        verifiedBy: command.metadata.actor.subject,
        verifiedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function assessPartB(
  command: AssessPartB,
  state: ApplicationState,
  rules: RecruitmentRules,
): ApplicationEvent[] {
  const { applicationId, comment } = command.data;
  const assessor = command.metadata.actor.subject;
  const today = dateInEngland(command.metadata.now);
  const current = onFile(state, applicationId);
  const scores = checkScores(command.data.scores, current.application.partBAreas, rules);
  const { assessments } = current.stages.partB;
  const mine = assessments.find((assessment) => assessment.assessedBy === assessor);
  if (mine?.key === partBKey({ scores, comment })) return [];
  notWithdrawn(current);
  checkStageIsNext(current, 'part_b');
  if (mine) {
    throw new DomainError(
      'ASSESSOR_ALREADY_ASSESSED',
      `You have already assessed Part B of application ${applicationId}; another assessor is needed`,
    );
  }
  if (!comment.trim()) {
    throw new DomainError('ASSESSMENT_COMMENT_REQUIRED', 'A Part B assessment needs a comment');
  }
  const assessors = [...assessments.map((assessment) => assessment.assessedBy), assessor];
  const minimumAssessors = Math.max(1, rules.assessment.minimumPartBAssessors);
  const events: ApplicationEvent[] = [
    {
      type: 'PartBAssessed',
      data: { applicationId, scores, comment, assessedBy: assessor, assessedOn: today },
    },
  ];
  if (assessors.length >= minimumAssessors) {
    events.push({
      type: 'PartBAssessmentCompleted',
      data: { applicationId, assessors, minimumAssessors, completedOn: today },
    });
  }
  return events;
}

function reviewReference(command: ReviewReference, state: ApplicationState): ApplicationEvent[] {
  const { applicationId, supportsApplication, commitsToDeploying, notes } = command.data;
  const current = onFile(state, applicationId);
  if (current.stages.reference?.key === referenceKey(command.data)) return [];
  notWithdrawn(current);
  checkStageIsNext(current, 'reference');
  if (!notes.trim()) {
    throw new DomainError(
      'REVIEW_NOTES_REQUIRED',
      'The review of the reference needs notes of what was found',
    );
  }
  return [
    {
      type: 'ReferenceReviewed',
      data: {
        applicationId,
        supportsApplication,
        commitsToDeploying,
        notes,
        reviewedBy: command.metadata.actor.subject,
        reviewedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function recordPanelDecision(command: RecordPanelDecision, state: ApplicationState): ApplicationEvent[] {
  const { applicationId, decision, reasons } = command.data;
  const current = onFile(state, applicationId);
  if (!(PANEL_DECISIONS as readonly string[]).includes(decision)) {
    throw new DomainError('PANEL_DECISION_INVALID', `The panel decides ${PANEL_DECISIONS.join(', ')}`);
  }
  if (current.stages.panel?.key === panelKey(command.data)) return [];
  notWithdrawn(current);
  checkStageIsNext(current, 'panel');
  if (!reasons.trim()) throw new DomainError('REASON_REQUIRED', 'The panel decision needs its reasons');
  if (decision === 'designate') {
    const unmet = (current.stages.partA?.verdicts ?? []).filter(({ verdict }) => verdict !== 'met');
    if (unmet.length > 0) {
      throw new DomainError(
        'ELIGIBILITY_NOT_MET',
        `The panel cannot designate: Part A verification found ${unmet.map((v) => v.criterion).join(', ')} not met; reassess Part A once they are`,
        'rule',
        { criteria: unmet.map((v) => v.criterion) },
      );
    }
  }
  return [
    {
      type: 'PanelDecisionRecorded',
      data: {
        applicationId,
        decision,
        reasons,
        decidedBy: command.metadata.actor.subject,
        decidedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function reassessStage(
  command: ReassessStage,
  state: ApplicationState,
  context: ApplicationContext,
): ApplicationEvent[] {
  const { applicationId, stage, reason } = command.data;
  const current = onFile(state, applicationId);
  if (!(ASSESSMENT_STAGES as readonly string[]).includes(stage)) {
    throw new DomainError('STAGE_UNKNOWN', `The stages are ${ASSESSMENT_STAGES.join(', ')}`);
  }
  const last = current.stages.lastReopened;
  if (last?.stage === stage && last.reason === reason) return [];
  notWithdrawn(current);
  if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'A reassessment needs a reason');
  if (!stageStarted(current.stages, stage)) {
    throw new DomainError(
      'STAGE_NOT_RECORDED',
      `${capitalised(STAGE_NAMES[stage])} is not on record for application ${applicationId}; there is nothing to reassess`,
    );
  }
  if (current.status === 'declined') noOtherLiveApplication(current.application, context);
  const reopened = ASSESSMENT_STAGES.slice(ASSESSMENT_STAGES.indexOf(stage)).filter((later) =>
    stageStarted(current.stages, later),
  );
  return [
    {
      type: 'AssessmentStageReopened',
      data: {
        applicationId,
        stage,
        reopened,
        reason,
        reopenedBy: command.metadata.actor.subject,
        reopenedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

/**
 * Reopening a declined application makes it live again, which the applicant may not have twice in a round:
 * if they have applied again since, the new application stands and this one stays declined.
 */
function noOtherLiveApplication(
  application: { readonly applicationId: string; readonly roundId: string },
  context: ApplicationContext,
): void {
  if (context.liveApplicationIds === undefined) {
    throw new Error(
      'Reopening a declined application needs the live applications of the applicant in the round',
    );
  }
  const others = context.liveApplicationIds.filter((id) => id !== application.applicationId);
  if (others.length > 0) {
    throw new DomainError(
      'APPLICATION_ALREADY_LIVE',
      `The applicant has applied again in round ${application.roundId} since this application was declined; ` +
        'it cannot be reopened',
      'rule',
      { applicationIds: others },
    );
  }
}

const STAGE_NAMES: Readonly<Record<AssessmentStage, string>> = {
  part_a: 'the verification of Part A',
  part_b: 'the assessment of Part B',
  reference: 'the review of the reference',
  panel: 'the panel decision',
};

/** Stages run in order, each once: doing one again needs ReassessStage. */
function checkStageIsNext(current: ApplicationOnFile, stage: AssessmentStage): void {
  const done = stagesOnRecord(current.stages);
  if (done.includes(stage)) {
    throw new DomainError(
      'STAGE_ALREADY_RECORDED',
      `${capitalised(STAGE_NAMES[stage])} is already on record; reassess the stage with a reason to do it again`,
    );
  }
  const missing = ASSESSMENT_STAGES.slice(0, ASSESSMENT_STAGES.indexOf(stage)).filter(
    (s) => !done.includes(s),
  );
  if (missing.length > 0) {
    throw new DomainError(
      'STAGE_OUT_OF_ORDER',
      `${capitalised(STAGE_NAMES[stage])} comes after ${missing.map((s) => STAGE_NAMES[s]).join(', ')}, not yet on record`,
      'rule',
      { missing },
    );
  }
}

function onFile(state: ApplicationState, applicationId: string): ApplicationOnFile {
  if (state.status === 'none') {
    throw new DomainError('APPLICATION_NOT_FOUND', `There is no application ${applicationId}`, 'not_found');
  }
  return state;
}

function notWithdrawn(current: ApplicationOnFile): void {
  if (current.status === 'withdrawn') {
    throw new DomainError(
      'APPLICATION_WITHDRAWN',
      `Application ${current.application.applicationId} was withdrawn`,
    );
  }
}

function checkContent(content: ApplicationContent, applicantId: string, today: LocalDate): void {
  const { referee, partA, partB } = content;
  if (!isEligibleRefereeKind(referee.kind)) {
    throw new DomainError(
      'REFEREE_NOT_ELIGIBLE',
      `A reference can only come from ${Object.values(REFEREE_KIND_DESCRIPTIONS).join('; ')}`,
      'rule',
      { kind: referee.kind },
    );
  }
  if (!referee.refereeId.trim()) throw new DomainError('REFEREE_REQUIRED', 'The application needs a referee');
  if (referee.refereeId === applicantId) {
    throw new DomainError('REFEREE_NOT_ELIGIBLE', 'An applicant cannot be their own referee');
  }
  const problem = partAProblem(partA, today);
  if (problem) throw new DomainError('PART_A_INVALID', `Part A cannot be accepted: ${problem}`);
  const noNote = partA.workingTowards.find((entry) => !entry.note.trim());
  if (noNote) {
    throw new DomainError(
      'WORKING_TOWARDS_NOTE_REQUIRED',
      `Say how you are working towards ${noNote.criterion} in a note`,
    );
  }
  if (partB.length === 0) throw new DomainError('PART_B_INVALID', 'Part B needs at least one section');
  const areas = new Set<string>();
  for (const { area, text } of partB) {
    if (!area.trim()) throw new DomainError('PART_B_INVALID', 'Each Part B section needs an area');
    if (areas.has(area)) throw new DomainError('PART_B_INVALID', `Part B has two sections for ${area}`);
    if (!text.trim()) throw new DomainError('PART_B_INVALID', `The Part B section on ${area} is empty`);
    areas.add(area);
  }
}

function checkRoundOpen(round: RoundFacts | undefined, roundId: string, today: LocalDate): RoundFacts {
  if (round === undefined || round.roundId !== roundId) {
    throw new DomainError('UNKNOWN_ROUND', `There is no application round ${roundId}`);
  }
  const phase = roundPhaseOn(round, round.closedEarlyOn, today);
  if (phase === 'upcoming') {
    throw new DomainError('ROUND_NOT_OPEN', `Round ${roundId} opens on ${round.opensOn}; apply from then`);
  }
  if (phase === 'closed') {
    const closedOn =
      round.closedEarlyOn !== undefined && round.closedEarlyOn <= round.closesOn
        ? `was closed early on ${round.closedEarlyOn}`
        : `closed on ${round.closesOn}`;
    throw new DomainError(
      'ROUND_NOT_OPEN',
      `Round ${roundId} ${closedOn}; applications are no longer accepted`,
    );
  }
  return round;
}

const OPEN_SCHOOL_STATUSES: readonly string[] = ['Open', 'Open, but proposed to close'];

function checkSchool(school: SchoolFacts | undefined, urn: number): SchoolFacts {
  if (school === undefined || school.urn !== urn) {
    throw new DomainError('UNKNOWN_SCHOOL', `There is no school with URN ${urn}`);
  }
  if (!OPEN_SCHOOL_STATUSES.includes(school.status)) {
    throw new DomainError('SCHOOL_NOT_OPEN', `The school with URN ${urn} is not open (${school.status})`);
  }
  return school;
}

/** Every criterion once, in the order of the criteria; overruling the pre-check needs a reason. */
function checkVerdicts(
  given: VerifyPartA['data']['verdicts'],
  proposals: readonly CriterionPrecheck[],
): CriterionVerdict[] {
  const byCriterion = new Map<EligibilityCriterion, VerifyPartA['data']['verdicts'][number]>();
  for (const entry of given) {
    if (!(ELIGIBILITY_CRITERIA as readonly string[]).includes(entry.criterion)) {
      throw new DomainError(
        'VERIFICATION_INVALID',
        `${String(entry.criterion)} is not an eligibility criterion`,
      );
    }
    if (byCriterion.has(entry.criterion)) {
      throw new DomainError('VERIFICATION_INVALID', `${entry.criterion} is verified twice`);
    }
    if (!(PRECHECK_RESULTS as readonly string[]).includes(entry.verdict)) {
      throw new DomainError(
        'VERIFICATION_INVALID',
        `${entry.criterion} is ${PRECHECK_RESULTS.join(', ')}, not ${String(entry.verdict)}`,
      );
    }
    byCriterion.set(entry.criterion, entry);
  }
  const missing = ELIGIBILITY_CRITERIA.filter((criterion) => !byCriterion.has(criterion));
  if (missing.length > 0) {
    throw new DomainError(
      'VERIFICATION_INCOMPLETE',
      `Part A is verified criterion by criterion; ${missing.join(', ')} still to verify`,
      'rule',
      { missing },
    );
  }
  return ELIGIBILITY_CRITERIA.map((criterion) => {
    const { verdict, evidenceNote, overruleReason } = byCriterion.get(criterion)!;
    const proposed = proposals.find((proposal) => proposal.criterion === criterion)?.result ?? 'not_met';
    if (!evidenceNote.trim()) {
      throw new DomainError('EVIDENCE_NOTE_REQUIRED', `Note the evidence checked for ${criterion}`);
    }
    if (verdict === proposed) return { criterion, proposed, verdict, evidenceNote };
    if (!overruleReason?.trim()) {
      throw new DomainError(
        'OVERRULE_REASON_REQUIRED',
        `The pre-check proposed ${proposed} for ${criterion}; finding it ${verdict} needs a reason`,
      );
    }
    return { criterion, proposed, verdict, evidenceNote, overruleReason };
  });
}

/** One whole-number score on the configured scale for each area of Part B, in the order of Part B. */
function checkScores(
  given: readonly PartBScore[],
  areas: readonly string[],
  rules: RecruitmentRules,
): PartBScore[] {
  const { min, max } = rules.assessment.partBScore;
  const unknown = given.find((score) => !areas.includes(score.area));
  if (unknown) {
    throw new DomainError('PART_B_SCORES_INVALID', `Part B has no section on ${unknown.area}`);
  }
  return areas.map((area) => {
    const scored = given.filter((score) => score.area === area);
    if (scored.length !== 1) {
      throw new DomainError(
        'PART_B_SCORES_INVALID',
        `Score ${area} once (it is scored ${scored.length} times)`,
        'rule',
        { area },
      );
    }
    const { score } = scored[0]!;
    if (!Number.isInteger(score) || score < min || score > max) {
      throw new DomainError(
        'PART_B_SCORES_INVALID',
        `Scores are whole numbers from ${min} to ${max}; ${area} is scored ${score}`,
        'rule',
        { area },
      );
    }
    return { area, score };
  });
}

function copyContent(content: ApplicationContent): ApplicationContent {
  const { schoolUrn, partA, partB, referee } = content;
  return {
    schoolUrn,
    partA: copyPartA(partA),
    partB: partB.map(({ area, text }) => ({ area, text })),
    referee: { refereeId: referee.refereeId, kind: referee.kind },
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
