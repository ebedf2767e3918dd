import type { Projection } from '@lle/projections';
import { lleLoadProjection } from './brokerage/lle-load/lle-load.projection';
import { placementsProjection } from './brokerage/placements/placements.projection';
import { supportRequestsProjection } from './brokerage/support-requests/support-requests.projection';
import { deploymentDashboardProjection } from './dashboards/deployment/deployment-dashboard.projection';
import { impactEvaluationProjection } from './dashboards/impact/impact-evaluation.projection';
import { financeChargesProjection } from './finance/finance-charges.projection';
import { financeLedgerProjection } from './finance/finance-ledger.projection';
import { applicationsProjection } from './recruitment/applications/applications.projection';
import { clustersProjection } from './recruitment/clusters/clusters.projection';
import { lleDirectoryProjection } from './recruitment/lle-directory/lle-directory.projection';
import { systemLeadersProjection } from './recruitment/system-leaders/system-leaders.projection';
import { roundsProjection } from './rounds/rounds.projection';
import { schoolsProjection } from './schools/schools.projection';

/** Every projection the worker runs and `npm run projections:rebuild -- NAME` knows, one per read model. */
export const READ_MODEL_PROJECTIONS: readonly Projection[] = [
  roundsProjection,
  schoolsProjection,
  applicationsProjection,
  lleDirectoryProjection,
  clustersProjection,
  systemLeadersProjection,
  supportRequestsProjection,
  placementsProjection,
  lleLoadProjection,
  deploymentDashboardProjection,
  impactEvaluationProjection,
  financeChargesProjection,
  financeLedgerProjection,
];
