import { EventStore1764220000000 } from './1764220000000-event-store';

/** Every migration, in order. Listed explicitly so compiled and test runs see the same set. */
export const MIGRATIONS = [EventStore1764220000000];
