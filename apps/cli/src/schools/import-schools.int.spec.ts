import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import { importSchools } from './import-schools';
import { parseSchoolsCsv } from './parse-schools-csv';

describe('importing schools', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url);
  });

  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it('records every school once; importing the same file again changes nothing', async () => {
    const text = readFileSync(join(__dirname, '../../../../test/fixtures/schools-sample.csv'), 'utf8');
    const { rows } = parseSchoolsCsv(text);
    const commands = new CommandHandler(store, new EventRegistry(EVENT_TYPES));
    const actor = { subject: 'schools-import', role: 'admin' as const };

    const first = await importSchools(commands, rows, { importId: 'import-1', actor });
    expect(first).toEqual({ recorded: rows.length, changed: 0, unchanged: 0 });
    const head = await store.headPosition();

    const second = await importSchools(commands, rows, { importId: 'import-2', actor });
    expect(second).toEqual({ recorded: 0, changed: 0, unchanged: rows.length });
    expect(await store.headPosition()).toBe(head);

    const first0 = rows[0]!;
    const changedRow = {
      ...first0,
      record: { ...first0.record, status: first0.record.status === 'Closed' ? 'Open' : 'Closed' },
    };
    const third = await importSchools(commands, [changedRow], { importId: 'import-3', actor });
    expect(third).toEqual({ recorded: 0, changed: 1, unchanged: 0 });
    const events = await store.readStream(`school-${changedRow.record.urn}`);
    expect(events.map((e) => e.type)).toEqual(['SchoolRecorded', 'SchoolRecordChanged']);
    expect(events[1]!.metadata).toMatchObject({ actor, correlationId: 'import-3', command: 'RecordSchool' });
  });
});
