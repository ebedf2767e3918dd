import { assertNever, type ClusterEvent, type PersonalDataErased } from '@lle/domain';
import type { Projection } from '@lle/projections';

/**
 * LLE clusters, one row each (table `clusters`, migration 1764270000000-recruitment-read-models). Who is in a
 * cluster is on each LLE's designation stream, so the members are read from the LLE directory. A cluster is
 * formed once (the first event of its stream), so replaying it changes nothing. PersonalDataErased marks
 * the NLE as erased; a cluster formed later with an NLE already marked erased is marked too.
 */
export const clustersProjection: Projection<ClusterEvent | PersonalDataErased> = {
  name: 'clusters',
  handles: ['ClusterFormed', 'PersonalDataErased'],
  tables: ['clusters'],

  async apply(event, db) {
    switch (event.type) {
      case 'ClusterFormed': {
        const { clusterId, alliance, name, nleId, competencies, formedOn } = event.data;
        await db.query(
          `INSERT INTO clusters (cluster_id, name, alliance, nle_id, competencies, formed_on, nle_erased_at,
                                 formed_at, stream_revision, last_position)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, (SELECT min(nle_erased_at) FROM clusters WHERE nle_id = $4),
                   $7, $8, $9)
           ON CONFLICT (cluster_id) DO NOTHING`,
          [
            clusterId,
            name,
            alliance,
            nleId,
            JSON.stringify(competencies.map(({ competencyId, name }) => ({ competencyId, name }))),
            formedOn,
            event.recordedAt,
            event.revision,
            event.position.toString(),
          ],
        );
        return;
      }
      case 'PersonalDataErased':
        await db.query(`UPDATE clusters SET nle_erased_at = $2 WHERE nle_id = $1 AND nle_erased_at IS NULL`, [
          event.data.personId,
          event.recordedAt,
        ]);
        return;
      default:
        return assertNever(event);
    }
  },
};
