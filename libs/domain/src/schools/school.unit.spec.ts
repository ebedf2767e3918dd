import type { CommandMetadata } from '../shared/command';
import { given } from '../testing/decider-specification';
import { schoolDecider, type RecordSchool, type SchoolEvent, type SchoolRecord } from './school';

const metadata: CommandMetadata = {
  now: new Date('2026-11-27T10:00:00Z'),
  actor: { subject: 'schools-import', role: 'admin' },
  correlationId: 'import-1',
  causationId: 'row-2',
};
const record: SchoolRecord = {
  urn: 110593,
  name: 'The Fields Nursery School',
  laCode: '873',
  laName: 'Cambridgeshire',
  phase: 'Nursery',
  status: 'Open',
};
const recordSchool = (data: SchoolRecord): RecordSchool => ({ type: 'RecordSchool', data, metadata });
const recorded: SchoolEvent = { type: 'SchoolRecorded', data: record };

describe('schools', () => {
  it('records a school the first time it is imported', () => {
    expect(given(schoolDecider).when(recordSchool(record)).events).toEqual([recorded]);
  });

  it('changes nothing when the same record is imported again', () => {
    expect(given(schoolDecider, recorded).when(recordSchool({ ...record })).events).toEqual([]);
  });

  it('records what changed when GIAS says something new', () => {
    const closed = { ...record, status: 'Closed' };
    expect(given(schoolDecider, recorded).when(recordSchool(closed)).events).toEqual([
      { type: 'SchoolRecordChanged', data: { ...closed, changed: ['status'] } },
    ]);
  });
});
