import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  academicYearOf,
  committedHalfDaysIn,
  dateInEngland,
  rankCandidates,
  type Actor,
  type BrokerageRules,
  type CandidateFacts,
  type Match,
  type PlacementBrokered,
} from '@lle/domain';
import { LleDirectoryQuery, SchoolsQuery } from '@lle/read-models';
import { BROKERAGE_RULES } from '../../shared/brokerage-rules';
import { BrokerageService } from '../../shared/brokerage-service';

export interface RankedMatches {
  readonly requestId: string;
  /** The academic year of the request's preferred start, in which capacity is counted. */
  readonly academicYear: string;
  /** Included LLEs best first (rank 1, 2...), then the excluded ones, each with its reasons. */
  readonly matches: readonly (Match & { readonly schoolUrn: number })[];
}

export class MatchCandidatesQuery extends Query<RankedMatches> {
  constructor(
    readonly actor: Actor,
    readonly requestId: string,
    readonly now: Date,
  ) {
    super();
  }
}

/**
 * The candidates are the alliance's active LLEs as the LLE directory lists them; each one's facts are then
 * read exactly from their own streams: the designation (status, dates, capacity, school) and the
 * commitments (days committed in the year, and from the placements brokered there, the phases they have
 * worked in and how often with this recipient). Their school's phase comes from the schools read model.
 * `rankCandidates` orders them; a match is advice, never a reservation.
 */
@QueryHandler(MatchCandidatesQuery)
export class MatchCandidatesHandler implements IQueryHandler<MatchCandidatesQuery> {
  constructor(
    private readonly brokerage: BrokerageService,
    private readonly directory: LleDirectoryQuery,
    private readonly schools: SchoolsQuery,
    @Inject(BROKERAGE_RULES) private readonly rules: BrokerageRules,
  ) {}

  async execute({ actor, requestId, now }: MatchCandidatesQuery): Promise<RankedMatches> {
    const { streams } = this.brokerage;
    const request = await streams.requestFor(actor, requestId);
    const academicYear = academicYearOf(request.preferredStart).label;
    const listed = await this.directory.list({ alliance: request.alliance, status: 'active' });
    const candidates = await Promise.all(
      listed.map(async ({ lleId }): Promise<CandidateFacts | undefined> => {
        const [lle, commitments] = await Promise.all([streams.lle(lleId), streams.commitments(lleId)]);
        if (lle === undefined) return undefined;
        const school = await this.schools.get(lle.schoolUrn);
        const brokered = commitments.events.filter(
          (event): event is PlacementBrokered => event.type === 'PlacementBrokered',
        );
        const phases = [...(school ? [school.phase] : []), ...brokered.map((event) => event.data.phase)];
        return {
          lle,
          committedHalfDays: committedHalfDaysIn(commitments.state, academicYear),
          phases: [...new Set(phases)],
          placementsWithRecipient: brokered.filter(
            (event) => event.data.recipientUrn === request.recipientUrn,
          ).length,
        };
      }),
    );
    const known = candidates.filter((candidate) => candidate !== undefined);
    const schoolOf = new Map(known.map(({ lle }) => [lle.lleId, lle.schoolUrn]));
    const matches = rankCandidates(request, known, this.rules, dateInEngland(now));
    return {
      requestId,
      academicYear,
      matches: matches.map((match) => ({ ...match, schoolUrn: schoolOf.get(match.lleId)! })),
    };
  }
}
