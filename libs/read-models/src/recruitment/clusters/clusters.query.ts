import type { AllianceCode, Competency, LocalDate } from '@lle/domain';
import type { GlobalPosition } from '@lle/event-store';
import type { Queryable } from '@lle/projections';
import type { LleStatus } from '../lle-directory/lle-directory.query';

/** One cluster. The NLE is a person id; `nleErased` once their personal data is erased. */
export interface ClusterView {
  readonly clusterId: string;
  readonly name: string;
  readonly alliance: AllianceCode;
  readonly nleId: string;
  readonly nleErased: boolean;
  /** The framework of competencies its LLEs' placements are evaluated against. */
  readonly competencies: readonly Competency[];
  readonly formedOn: LocalDate;
  /** How many LLEs it has now (active or suspended). */
  readonly memberCount: number;
  /** A bigint: convert it before JSON. */
  readonly position: GlobalPosition;
}

export interface ClusterMember {
  readonly lleId: string;
  readonly status: LleStatus;
  readonly schoolUrn: number;
  readonly erased: boolean;
}

export interface ClusterDetail extends ClusterView {
  /** In the order they were designated. */
  readonly members: readonly ClusterMember[];
}

interface ClusterRow {
  cluster_id: string;
  name: string;
  alliance: AllianceCode;
  nle_id: string;
  nle_erased: boolean;
  competencies: Competency[];
  formed_on: LocalDate;
  member_count: number;
  last_position: string;
}

interface MemberRow {
  lle_id: string;
  status: LleStatus;
  school_urn: number;
  erased: boolean;
}

// Members come from the LLE directory (projection `lle_directory`), where each LLE's cluster is kept.
const SELECT = `
  SELECT c.cluster_id, c.name, c.alliance, c.nle_id, c.nle_erased_at IS NOT NULL AS nle_erased, c.competencies,
         to_char(c.formed_on, 'YYYY-MM-DD') AS formed_on,
         (SELECT count(*)::int FROM lle_directory d WHERE d.cluster_id = c.cluster_id) AS member_count,
         c.last_position
    FROM clusters c`;

/** Reads the clusters (projection `clusters`) with their members (projection `lle_directory`). */
export class ClustersQuery {
  constructor(private readonly db: Queryable) {}

  /** Every cluster, or one alliance's, by name. */
  async list(filter: { readonly alliance?: string } = {}): Promise<ClusterView[]> {
    const rows = await this.db.query<ClusterRow[]>(
      `${SELECT} WHERE ($1::text IS NULL OR c.alliance = $1) ORDER BY c.alliance, c.name, c.cluster_id`,
      [filter.alliance ?? null],
    );
    return rows.map(toClusterView);
  }

  /** The cluster with its members, or undefined when there is none with that id. */
  async get(clusterId: string): Promise<ClusterDetail | undefined> {
    const [row] = await this.db.query<ClusterRow[]>(`${SELECT} WHERE c.cluster_id = $1`, [clusterId]);
    if (!row) return undefined;
    const members = await this.db.query<MemberRow[]>(
      `SELECT lle_id, status, school_urn, erased_at IS NOT NULL AS erased FROM lle_directory
        WHERE cluster_id = $1 ORDER BY designated_from, lle_id`,
      [clusterId],
    );
    return {
      ...toClusterView(row),
      members: members.map((member) => ({
        lleId: member.lle_id,
        status: member.status,
        schoolUrn: member.school_urn,
        erased: member.erased,
      })),
    };
  }
}

function toClusterView(row: ClusterRow): ClusterView {
  return {
    clusterId: row.cluster_id,
    name: row.name,
    alliance: row.alliance,
    nleId: row.nle_id,
    nleErased: row.nle_erased,
    competencies: row.competencies,
    formedOn: row.formed_on,
    memberCount: row.member_count,
    position: BigInt(row.last_position),
  };
}
