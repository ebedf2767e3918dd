import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import * as path from 'node:path';
import { createDataSource } from '@lle/database';
import { ALLIANCE_CODES, roundStreamId } from '@lle/domain';
import { PostgresEventStore, type EventToAppend } from '@lle/event-store';
import { readCheckpoints, reconcileProjection } from '@lle/projections';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { roundsProjection } from './rounds.projection';

const ROOT = path.resolve(__dirname, '../../../..');
const LOADER = path.join(ROOT, 'libs/read-models/test/register-typescript.js');
const CHILD = path.join(ROOT, 'libs/read-models/test/projections-child.ts');

/** 3 or 4 events per round: scheduled, amended twice, and every third one closed early. */
function roundEvents(index: number): { streamId: string; events: EventToAppend[] } {
  const roundId = randomUUID();
  const dates = { opensOn: '2027-01-11', closesOn: '2027-02-12', decisionsBy: '2027-03-19' };
  const event = (type: string, data: Record<string, unknown>): EventToAppend => ({
    id: randomUUID(),
    type,
    data: data as EventToAppend['data'],
    metadata: { schemaVersion: type === 'RoundScheduled' ? 2 : 1 },
  });
  const alliance = ALLIANCE_CODES[index % ALLIANCE_CODES.length]!;
  const events = [
    event('RoundScheduled', { roundId, alliance, ...dates, inductionDates: ['2027-04-20'] }),
    event('RoundDatesAmended', { roundId, ...dates, closesOn: '2027-02-19', inductionDates: [] }),
    event('RoundDatesAmended', { roundId, ...dates, closesOn: '2027-02-26', inductionDates: ['2027-05-04'] }),
  ];
  if (index % 3 === 0)
    events.push(event('RoundClosedEarly', { roundId, closedOn: '2027-01-20', reason: `r${index}` }));
  return { streamId: roundStreamId(roundId), events };
}

interface Child {
  readonly process: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<[number | null, NodeJS.Signals | null]>;
}

describe('a projection runner killed mid-batch', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const children: Child[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 6 });
    dataSource = await createDataSource(database.url).initialize();
    // The ledger projection of the child process (a test fixture, not a read model of the system).
    await dataSource.query(
      `CREATE TABLE crash_ledger (position bigint PRIMARY KEY, stream_id text NOT NULL)`,
    );
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  async function startChild(env: Record<string, string>): Promise<Child> {
    const process_ = spawn(process.execPath, ['-r', LOADER, CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...env, CHILD_DATABASE_URL: database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const child: Child = { process: process_, output, exited: once(process_, 'exit') as Child['exited'] };
    children.push(child);
    process_.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      process_.stdout.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('ready')) resolve();
      });
      void child.exited.then(() =>
        reject(new Error(`The child exited before it was ready:\n${output.join('')}`)),
      );
    });
    return child;
  }

  async function append(from: number, to: number): Promise<void> {
    const next = { index: from };
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next.index < to) {
          const { streamId, events } = roundEvents(next.index++);
          await store.appendToStream(streamId, events, 'no_stream');
        }
      }),
    );
  }

  const position = async (name: string): Promise<bigint> =>
    (await readCheckpoints(dataSource, [name]))[0]?.position ?? 0n;

  async function until(what: string, check: () => Promise<boolean>, child: Child, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline || child.process.exitCode !== null) {
        throw new Error(`Gave up waiting for ${what}; the child said:\n${child.output.join('')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('ends, once restarted, with the same rows as a rebuild from zero, each event applied once', async () => {
    // About 3,000 events in all: 600 rounds while the first runner works, 300 more after it was killed.
    const first = await startChild({ APPLY_DELAY_MS: '1' });
    const appending = append(0, 600);
    await until(
      'some committed batches, and one writing rows it has not committed',
      async () => {
        if ((await position('rounds')) < 600n) return false;
        const [open] = await dataSource.query<{ count: string }[]>(
          `SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE a.application_name = 'projections-child' AND l.relation = 'rounds'::regclass
              AND l.mode = 'RowExclusiveLock' AND l.granted`,
        );
        return Number(open?.count) > 0;
      },
      first,
    );
    first.process.kill('SIGKILL');
    expect(await first.exited).toEqual([null, 'SIGKILL']);
    await appending;

    // What the killed runner left is consistent: each table holds exactly what its checkpoint covers.
    const killedAt = await position('rounds');
    expect(killedAt).toBeLessThan((await store.headPosition())!);
    expect((await reconcileProjection({ dataSource, store }, roundsProjection)).identical).toBe(true);

    await append(600, 900);
    const second = await startChild({});
    const head = (await store.headPosition())!;
    await until(
      'both projections to reach the head',
      async () => (await position('rounds')) >= head && (await position('crash_ledger')) >= head,
      second,
    );
    second.process.kill('SIGTERM');
    expect(await second.exited).toEqual([0, null]);
    expect(second.output.join('')).toContain('stopped');

    const roundEventCount = (await store.readAll()).length;
    expect(roundEventCount).toBeGreaterThanOrEqual(2_700);
    const [ledger] = await dataSource.query<{ rows: string; distinct: string }[]>(
      `SELECT count(*) AS rows, count(DISTINCT position) AS distinct FROM crash_ledger`,
    );
    expect(Number(ledger?.rows)).toBe(roundEventCount);
    const checkpoints = await readCheckpoints(dataSource, ['rounds', 'crash_ledger']);
    expect(checkpoints.map((c) => [c.name, c.status, c.position])).toEqual(
      expect.arrayContaining([
        ['rounds', 'running', head],
        ['crash_ledger', 'running', head],
      ]),
    );
    const report = await reconcileProjection({ dataSource, store }, roundsProjection);
    expect(report.identical).toBe(true);
    expect(report.tables[0]).toMatchObject({ liveRows: 900, rebuiltRows: 900 });
  });
});
