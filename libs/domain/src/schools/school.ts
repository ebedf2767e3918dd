import type { Command, Event } from '../shared/command';
import { assertNever, type Decider } from '../shared/decider';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * A school as Get Information About Schools (GIAS) describes it, identified by its URN. Schools are
 * reference data: imported, never typed in, and changed only when a newer GIAS record differs.
 */
export interface SchoolRecord {
  readonly urn: number;
  readonly name: string;
  readonly laCode: string;
  readonly laName: string;
  readonly phase: string;
  readonly status: string;
}

export const SCHOOL_STATUSES = ['Open', 'Closed', 'Open, but proposed to close', 'Proposed to open'] as const;

export type SchoolRecorded = Event<'SchoolRecorded', SchoolRecord>;
export type SchoolRecordChanged = Event<
  'SchoolRecordChanged',
  SchoolRecord & { changed: (keyof SchoolRecord)[] }
>;
export type SchoolEvent = SchoolRecorded | SchoolRecordChanged;

export type RecordSchool = Command<'RecordSchool', SchoolRecord>;
export type SchoolCommand = RecordSchool;

export type SchoolState =
  { readonly status: 'unknown' } | { readonly status: 'known'; readonly record: SchoolRecord };

export const SCHOOL_EVENT_TYPES: EventTypeDefinitions<SchoolEvent['type']> = {
  SchoolRecorded: { schemaVersion: 1 },
  SchoolRecordChanged: { schemaVersion: 1 },
};

export function schoolStreamId(urn: number): string {
  return `school-${urn}`;
}

const FIELDS: readonly (keyof SchoolRecord)[] = ['urn', 'name', 'laCode', 'laName', 'phase', 'status'];

export const schoolDecider: Decider<SchoolCommand, SchoolEvent, SchoolState> = {
  initialState: () => ({ status: 'unknown' }),
  evolve(_state, event) {
    const { urn, name, laCode, laName, phase, status } = event.data;
    return { status: 'known', record: { urn, name, laCode, laName, phase, status } };
  },
  decide(command, state) {
    switch (command.type) {
      case 'RecordSchool': {
        const record = pick(command.data);
        if (state.status === 'unknown') return [{ type: 'SchoolRecorded', data: record }];
        const changed = FIELDS.filter((field) => state.record[field] !== record[field]);
        // Importing the same record again changes nothing.
        return changed.length === 0 ? [] : [{ type: 'SchoolRecordChanged', data: { ...record, changed } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};

function pick(record: SchoolRecord): SchoolRecord {
  const { urn, name, laCode, laName, phase, status } = record;
  return { urn, name, laCode, laName, phase, status };
}
