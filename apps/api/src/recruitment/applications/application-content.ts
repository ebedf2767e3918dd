import type { ApplicationContent, ApplicationEvent, PartA, PartBSection, RefereeKind } from '@lle/domain';
import type { PersonDetails } from '@lle/personal-data';
import type { People, Sealer } from '../shared/people';

/** An application's content as the client sends it: free text in clear, the referee as a person. */
export interface ApplicationContentInput {
  readonly schoolUrn: number;
  readonly partA: PartA;
  readonly partB: readonly PartBSection[];
  readonly referee: PersonDetails & { readonly kind: RefereeKind };
}

/** Every content the application has had, latest first: as submitted, then as each amendment left it. */
export function contentsOf(events: readonly ApplicationEvent[]): ApplicationContent[] {
  return events
    .flatMap((event) =>
      event.type === 'ApplicationSubmitted' || event.type === 'ApplicationAmended' ? [event.data] : [],
    )
    .reverse();
}

/**
 * The content as events carry it: the referee recorded in the person store and named by person id, and
 * every free-text field (Part A evidence, working-towards notes, Part B text) sealed with the applicant's
 * key. What an `earlier` content of the same application already holds (the same text, the same referee)
 * is reused as it is there, so resending an application compares equal to what is on record.
 */
export async function contentForEvents(
  input: ApplicationContentInput,
  context: {
    readonly applicantId: string;
    readonly sealer: Sealer;
    readonly people: People;
    /** The referee's person id if they are new. */
    readonly newRefereeId: string;
    readonly earlier: readonly ApplicationContent[];
  },
): Promise<ApplicationContent> {
  const { sealer, earlier } = context;
  const { kind, ...referee } = input.referee;
  return {
    schoolUrn: input.schoolUrn,
    partA: await sealPartA(
      sealer,
      input.partA,
      earlier.map((content) => content.partA),
    ),
    partB: await Promise.all(
      input.partB.map(async ({ area, text }) => ({
        area,
        text: await sealer.seal(
          text,
          earlier.flatMap((content) => content.partB.filter((s) => s.area === area).map((s) => s.text)),
        ),
      })),
    ),
    referee: { refereeId: await identifyReferee(referee, context), kind },
  };
}

async function sealPartA(sealer: Sealer, partA: PartA, earlier: readonly PartA[]): Promise<PartA> {
  const sealed = async <T extends { readonly evidence: string }>(
    given: T,
    before: readonly T[],
  ): Promise<T> => ({
    ...given,
    evidence: await sealer.seal(
      given.evidence,
      before.map((part) => part.evidence),
    ),
  });
  return {
    headship: await sealed(
      partA.headship,
      earlier.map((a) => a.headship),
    ),
    expectedStay: await sealed(
      partA.expectedStay,
      earlier.map((a) => a.expectedStay),
    ),
    accountability: await sealed(
      partA.accountability,
      earlier.map((a) => a.accountability),
    ),
    support: await sealed(
      partA.support,
      earlier.map((a) => a.support),
    ),
    coaching: await sealed(
      partA.coaching,
      earlier.map((a) => a.coaching),
    ),
    timeCommitment: await sealed(
      partA.timeCommitment,
      earlier.map((a) => a.timeCommitment),
    ),
    inspection: await sealed(
      partA.inspection,
      earlier.map((a) => a.inspection),
    ),
    pupilPerformance: await sealed(
      partA.pupilPerformance,
      earlier.map((a) => a.pupilPerformance),
    ),
    minimumStandards: await sealed(
      partA.minimumStandards,
      earlier.map((a) => a.minimumStandards),
    ),
    seniorLeaders: await sealed(
      partA.seniorLeaders,
      earlier.map((a) => a.seniorLeaders),
    ),
    workingTowards: await Promise.all(
      partA.workingTowards.map(async ({ criterion, note }) => ({
        criterion,
        note: await sealer.seal(
          note,
          earlier.flatMap((a) =>
            a.workingTowards.filter((w) => w.criterion === criterion).map((w) => w.note),
          ),
        ),
      })),
    ),
  };
}

/**
 * The referee's person id: the referee the application already names when the details are the same, else
 * the person with the referee's email, else a new person. An applicant named as their own referee keeps
 * their own details; the domain refuses the reference.
 */
async function identifyReferee(
  referee: PersonDetails,
  context: {
    readonly applicantId: string;
    readonly people: People;
    readonly newRefereeId: string;
    readonly earlier: readonly ApplicationContent[];
  },
): Promise<string> {
  const { applicantId, people, newRefereeId, earlier } = context;
  for (const refereeId of new Set(earlier.map((content) => content.referee.refereeId))) {
    if (refereeId === applicantId) continue;
    const known = await people.store.get(refereeId);
    if (known && !known.erased && sameDetails(known, referee)) return refereeId;
  }
  return people.identify('referee', referee, newRefereeId, applicantId);
}

function sameDetails(a: PersonDetails, b: PersonDetails): boolean {
  return (
    a.fullName === b.fullName &&
    (a.email ?? '').toLowerCase() === (b.email ?? '').trim().toLowerCase() &&
    (a.organisation ?? '') === (b.organisation ?? '') &&
    (a.jobTitle ?? '') === (b.jobTitle ?? '') &&
    (a.phone ?? '') === (b.phone ?? '')
  );
}
