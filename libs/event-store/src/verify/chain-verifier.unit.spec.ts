import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '../event-store.port';
import { chainHash, runningHash } from '../hash-chain';
import { InMemoryEventStore } from '../in-memory/in-memory-event-store';
import { ChainVerifier, describeProblem, type LogCheckpoint, type StoredChainEvent } from './chain-verifier';
import { verifyEventStore } from './verify';

describe('ChainVerifier', () => {
  it('passes an untouched log and counts its events and streams', async () => {
    const { log } = await history();
    const report = verify(log);
    expect(report).toMatchObject({ ok: true, events: 9, streams: 3, problemCount: 0, problems: [] });
  });

  it('names the stream and revision of an altered event', async () => {
    const { log } = await history();
    const altered = log.map((e) => (e.streamId === 'b' && e.revision === 1 ? { ...e, data: { n: 99 } } : e));
    expect(verify(altered).problems[0]).toMatchObject({ kind: 'hash-mismatch', streamId: 'b', revision: 1 });
  });

  it('names the first missing revision when an event in the middle of a stream is gone', async () => {
    const { log } = await history();
    const report = verify(log.filter((e) => !(e.streamId === 'c' && e.revision === 1)));
    expect(report.problems[0]).toMatchObject({ kind: 'revision-gap', streamId: 'c', revision: 1 });
    expect(describeProblem(report.problems[0]!)).toContain('stream c revision 1');
  });

  it('finds events of one stream swapped in the global log', async () => {
    const { log } = await history();
    const a0 = log.findIndex((e) => e.streamId === 'a' && e.revision === 0);
    const a1 = log.findIndex((e) => e.streamId === 'a' && e.revision === 1);
    const swapped = [...log];
    [swapped[a0], swapped[a1]] = [
      { ...log[a1]!, position: log[a0]!.position },
      { ...log[a0]!, position: log[a1]!.position },
    ];
    expect(verify(swapped).problems[0]).toMatchObject({ kind: 'revision-gap', streamId: 'a', revision: 0 });
  });

  it('finds an event without a hash', async () => {
    const { log } = await history();
    const report = verify(log.map((e, i) => (i === 4 ? { ...e, hash: null } : e)));
    expect(report.problems[0]).toMatchObject({ kind: 'hash-missing', position: log[4]!.position });
  });

  it('holds the log to its checkpoints: a stream’s last event removed is found only there', async () => {
    const { log } = await history();
    const checkpoints = checkpointsOf(log, 3);
    expect(verify(log, checkpoints)).toMatchObject({ ok: true, checkpointsChecked: 3 });
    const lastOfC = log.filter((e) => e.streamId === 'c').at(-1)!;
    const without = log.filter((e) => e !== lastOfC);
    expect(verify(without).ok).toBe(true);
    const report = verify(without, checkpoints);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.kind).toBe('checkpoint-mismatch');
    expect(report.problems[0]!.position).toBeGreaterThanOrEqual(lastOfC.position);
  });

  it('finds an event rewritten with a freshly computed hash when a checkpoint covers it', async () => {
    const { log } = await history();
    const checkpoints = checkpointsOf(log, 9);
    const last = log.at(-1)!;
    const previous = log.filter((e) => e.streamId === last.streamId).at(-2)!;
    const rewritten = { ...last, data: { n: -1 } };
    const forged = { ...rewritten, hash: chainHash(last.streamId, last.revision, previous.hash!, rewritten) };
    const report = verify([...log.slice(0, -1), forged], checkpoints);
    expect(report.problems.map((p) => p.kind)).toEqual(['checkpoint-mismatch']);
    expect(report.eventsAfterLastCheckpoint).toBe(0);
  });

  it('verifies a store through the port, and sees an event altered behind its back', async () => {
    const { store } = await history();
    expect((await verifyEventStore(store, [])).ok).toBe(true);
    const [stored] = await store.readStream('b', { fromRevision: 2, maxCount: 1 });
    (stored!.data as { n: number }).n = 1000; // the in-memory store hands out what it holds
    const report = await verifyEventStore(store, []);
    expect(report.problems).toEqual([expect.objectContaining({ streamId: 'b', revision: 2 })]);
  });
});

async function history(): Promise<{ store: InMemoryEventStore; log: StoredChainEvent[] }> {
  const store = new InMemoryEventStore();
  for (let round = 0; round < 3; round++) {
    for (const stream of ['a', 'b', 'c']) {
      await store.appendToStream(stream, [event(round)], 'any');
    }
  }
  const log = (await store.readAll()).map((e: RecordedEvent) => ({ ...e, hash: e.hash }));
  return { store, log };
}

function event(n: number): EventToAppend {
  return { id: randomUUID(), type: 'Numbered', data: { n }, metadata: { schemaVersion: 1 } };
}

function verify(log: readonly StoredChainEvent[], checkpoints: LogCheckpoint[] = []) {
  const verifier = new ChainVerifier({ checkpoints });
  for (const event of log) verifier.visit(event);
  return verifier.finish();
}

function checkpointsOf(log: readonly StoredChainEvent[], every: number): LogCheckpoint[] {
  const checkpoints: LogCheckpoint[] = [];
  let running = '';
  log.forEach((event, i) => {
    running = runningHash(running, { ...event, hash: event.hash! });
    if ((i + 1) % every === 0)
      checkpoints.push({ position: event.position, eventCount: i + 1, runningHash: running });
  });
  return checkpoints;
}
