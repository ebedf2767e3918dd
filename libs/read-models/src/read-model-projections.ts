import type { Projection } from '@lle/projections';
import { roundsProjection } from './rounds/rounds.projection';
import { schoolsProjection } from './schools/schools.projection';

/** Every projection the worker runs and `npm run projections:rebuild -- NAME` knows, one per read model. */
export const READ_MODEL_PROJECTIONS: readonly Projection[] = [roundsProjection, schoolsProjection];
