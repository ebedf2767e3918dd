import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { RoundsQuery, type RoundView } from '@lle/read-models';

export class ListRoundsQuery extends Query<RoundView[]> {
  constructor(readonly alliance: string | undefined) {
    super();
  }
}

@QueryHandler(ListRoundsQuery)
export class ListRoundsHandler implements IQueryHandler<ListRoundsQuery> {
  constructor(private readonly rounds: RoundsQuery) {}

  execute({ alliance }: ListRoundsQuery): Promise<RoundView[]> {
    return this.rounds.list({ alliance });
  }
}

export class GetRoundQuery extends Query<RoundView | undefined> {
  constructor(readonly roundId: string) {
    super();
  }
}

@QueryHandler(GetRoundQuery)
export class GetRoundHandler implements IQueryHandler<GetRoundQuery> {
  constructor(private readonly rounds: RoundsQuery) {}

  execute({ roundId }: GetRoundQuery): Promise<RoundView | undefined> {
    return this.rounds.get(roundId);
  }
}
