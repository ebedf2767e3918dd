import type { ApplicationEvent } from '@lle/domain';
import {
  panelDecided,
  partAVerified,
  partBAssessed,
  partBCompleted,
  referenceReviewed,
  reopened,
  submitted,
} from '../recruitment-read-models.fixtures';
import {
  currentStage,
  evolveApplicationRecord,
  stagesCompleted,
  type ApplicationRecord,
} from './application-record';

const id = 'app-1';
const facts = {
  roundId: 'round-1',
  alliance: 'CATSA',
  applicantId: 'applicant-1',
  refereeId: 'referee-1',
  submittedOn: '2027-01-20',
} as const;
const throughReference: ApplicationEvent[] = [
  submitted(id, facts),
  partAVerified(id, '2027-02-15'),
  partBAssessed(id, 'assessor-2', '2027-02-20'),
  partBAssessed(id, 'assessor-3', '2027-02-20'),
  partBCompleted(id, ['assessor-2', 'assessor-3'], '2027-02-20'),
  referenceReviewed(id, '2027-02-25'),
];

const fold = (events: readonly ApplicationEvent[]): ApplicationRecord =>
  events.reduce<ApplicationRecord | undefined>(evolveApplicationRecord, undefined)!;
const progress = (events: readonly ApplicationEvent[]): unknown => {
  const record = fold(events);
  return [record.status, currentStage(record), stagesCompleted(record)];
};

describe('evolveApplicationRecord', () => {
  it('moves the next stage on as each stage is recorded, Part B once enough assessors assessed it', () => {
    expect(progress(throughReference.slice(0, 1))).toEqual(['submitted', 'part_a', []]);
    expect(progress(throughReference.slice(0, 4))).toEqual(['in_assessment', 'part_b', ['part_a']]);
    expect(progress(throughReference)).toEqual(['in_assessment', 'panel', ['part_a', 'part_b', 'reference']]);
  });

  it('leaves the panel to do after a deferral, and reopens it after a designation', () => {
    const deferred = [...throughReference, panelDecided(id, 'defer', '2027-03-01')];
    expect(progress(deferred)).toEqual(['in_assessment', 'panel', ['part_a', 'part_b', 'reference']]);
    const designated = [...deferred, panelDecided(id, 'designate', '2027-03-20')];
    expect(progress(designated)).toEqual(['approved', 'done', ['part_a', 'part_b', 'reference', 'panel']]);
    const reassessed = [...designated, reopened(id, 'panel', ['panel'], '2027-03-25')];
    expect(progress(reassessed)).toEqual(['in_assessment', 'panel', ['part_a', 'part_b', 'reference']]);
    expect(fold(reassessed).panel).toBeNull();
  });

  it('reopens Part A and everything after it, and leaves a withdrawn application with nothing to do', () => {
    const reassessed = fold([
      ...throughReference,
      reopened(id, 'part_a', ['part_a', 'part_b', 'reference'], '2027-03-01'),
    ]);
    expect([currentStage(reassessed), stagesCompleted(reassessed)]).toEqual(['part_a', []]);
    expect(reassessed.partBAssessments).toEqual([]);
    expect(reassessed.referenceReview).toBeNull();
    const withdrawn: ApplicationEvent = {
      type: 'ApplicationWithdrawn',
      data: { applicationId: id, withdrawnOn: '2027-03-02' },
    };
    expect(progress([...throughReference, withdrawn, partAVerified(id, '2027-03-03')])).toEqual([
      'withdrawn',
      'done',
      ['part_a', 'part_b', 'reference'],
    ]);
  });

  it('ignores events before the submission, and a second submission', () => {
    expect(evolveApplicationRecord(undefined, partAVerified(id, '2027-02-15'))).toBeUndefined();
    const record = fold(throughReference.slice(0, 1));
    expect(evolveApplicationRecord(record, submitted(id, { ...facts, applicantId: 'other' }))).toBe(record);
  });
});
