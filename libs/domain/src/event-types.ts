import { ROUND_EVENT_TYPES } from './rounds/round.events';
import { SCHOOL_EVENT_TYPES } from './schools/school';

/** Every event type the system writes, by name, with its schema version and upcasters. One registry. */
export const EVENT_TYPES = {
  ...ROUND_EVENT_TYPES,
  ...SCHOOL_EVENT_TYPES,
};
