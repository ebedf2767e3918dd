import { ALLIANCE_CODES, dateInEngland, type LocalDate } from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import {
  positionAt,
  projectAsAt,
  type AsAtDependencies,
  type Projection,
  type Queryable,
} from '@lle/projections';
import { PlacementsQuery } from '../brokerage/placements/placements.query';
import { DeploymentDashboardQuery } from '../dashboards/deployment/deployment-dashboard.query';
import { InvoicesQuery } from '../finance/invoices.query';
import { ShareStatementsQuery } from '../finance/share-statements.query';
import { READ_MODEL_PROJECTIONS } from '../read-model-projections';
import { LleDirectoryQuery } from '../recruitment/lle-directory/lle-directory.query';

/**
 * A view an auditor can ask for as it stood at a past moment: the read models it reads (every table its
 * query joins, so none falls through to the live ones) and the existing query that answers it. Undefined
 * means there was no such thing then.
 */
export interface AsAtView {
  readonly name: string;
  readonly description: string;
  /** Projection names, from READ_MODEL_PROJECTIONS. */
  readonly projections: readonly string[];
  /** What a key looks like, checked before anything is replayed, and how to say so. */
  readonly key: { readonly pattern: RegExp; readonly means: string };
  query(db: Queryable, key: string, moment: ResolvedMoment): Promise<unknown>;
}

/** The moment a view is asked for, resolved: its position and its calendar date in England. */
export interface ResolvedMoment {
  readonly position: GlobalPosition;
  /** The day of `at`, or the day the event at the position was recorded; what date-based figures count to. */
  readonly on: LocalDate;
}

const UUID_KEY = {
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  means: 'a UUID',
};
const ALLIANCE_KEY = {
  pattern: new RegExp(`^(all|${ALLIANCE_CODES.join('|')})$`),
  means: `all or one of ${ALLIANCE_CODES.join(', ')}`,
};

/** `all`, or one alliance's code; anything else there was nothing of. */
function allianceKey(key: string): string | undefined | null {
  if (key === 'all') return undefined;
  return (ALLIANCE_CODES as readonly string[]).includes(key) ? key : null;
}

/**
 * Every view available as at a moment. A new one is an entry here over its existing query class: the
 * deployment dashboard and the finance balances plug in the same way once their read models land.
 */
export const AS_AT_VIEWS: readonly AsAtView[] = [
  {
    name: 'lle',
    description: "An LLE's directory entry (key: the LLE's person id)",
    projections: ['lle_directory'],
    key: UUID_KEY,
    query: (db, lleId) => new LleDirectoryQuery(db).get(lleId),
  },
  {
    name: 'placement',
    description: 'A placement with its days, transfers and amendments (key: the placement id)',
    projections: ['placements', 'schools'],
    key: UUID_KEY,
    query: (db, placementId) => new PlacementsQuery(db).get(placementId),
  },
  {
    name: 'dashboard',
    description: 'The deployment dashboard, counted on the day of the moment (key: an alliance code, or all)',
    projections: ['deployment_dashboard', 'schools'],
    key: ALLIANCE_KEY,
    query: async (db, key, { on }) => {
      const alliance = allianceKey(key);
      if (alliance === null) return undefined;
      return new DeploymentDashboardQuery(db).dashboard({ alliance, asOf: on });
    },
  },
  {
    name: 'balances',
    description:
      'Finance balances: what each requesting body owed and each school was owed (key: an alliance code, or all)',
    projections: ['finance_charges', 'finance_ledger', 'schools'],
    key: ALLIANCE_KEY,
    query: async (db, key, { on }) => {
      const alliance = allianceKey(key);
      if (alliance === null) return undefined;
      return {
        receivables: await new InvoicesQuery(db).receivables(on, alliance),
        schoolShares: await new ShareStatementsQuery(db).balances({ alliance }),
      };
    },
  },
];

/** When to look: at a global position, or at a time (the last event recorded at or before it). */
export type AsAtMoment = { readonly position: GlobalPosition } | { readonly time: Date };

export interface AsAtAnswer {
  readonly view: string;
  readonly key: string;
  /** The position the read models were built up to. */
  readonly position: GlobalPosition;
  /** Undefined: there was no such thing at that moment. */
  readonly answer: unknown;
  readonly events: number;
}

export class AsAtPositionAheadError extends Error {
  constructor(
    readonly position: GlobalPosition,
    readonly head: GlobalPosition,
  ) {
    super(`Position ${position} is beyond the last event in the log (${head})`);
  }
}

/**
 * Answers views as they stood at a moment by replaying the events up to it into temporary read models
 * (projectAsAt), never touching the live ones.
 */
export class AsAtViews {
  constructor(
    private readonly dependencies: AsAtDependencies,
    private readonly views: readonly AsAtView[] = AS_AT_VIEWS,
    private readonly projections: readonly Projection[] = READ_MODEL_PROJECTIONS,
  ) {}

  names(): string[] {
    return this.views.map((view) => view.name);
  }

  find(name: string): AsAtView | undefined {
    return this.views.find((view) => view.name === name);
  }

  /** The position a moment stands for, and its day; a position beyond the head of the log is refused. */
  async resolve(moment: AsAtMoment): Promise<ResolvedMoment> {
    const { store } = this.dependencies;
    if ('time' in moment)
      return { position: await positionAt(store, moment.time), on: dateInEngland(moment.time) };
    const head = (await store.headPosition()) ?? 0n;
    if (moment.position > head) throw new AsAtPositionAheadError(moment.position, head);
    const after = moment.position > 1n ? moment.position - 1n : undefined;
    const [event] = moment.position > 0n ? await store.readAll({ after, maxCount: 1 }) : [];
    return { position: moment.position, on: dateInEngland(event?.recordedAt ?? new Date()) };
  }

  async answer(view: AsAtView, key: string, moment: AsAtMoment): Promise<AsAtAnswer> {
    const resolved = await this.resolve(moment);
    const { position } = resolved;
    const projections = view.projections.map((name) => {
      const projection = this.projections.find((p) => p.name === name);
      if (!projection) throw new Error(`View ${view.name} reads projection ${name}, which does not exist`);
      return projection;
    });
    const result = await projectAsAt(this.dependencies, projections, position, (db) =>
      view.query(db, key, resolved),
    );
    return { view: view.name, key, position, answer: result.answer, events: result.events };
  }
}
