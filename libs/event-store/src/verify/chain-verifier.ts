import type { EventMetadata, GlobalPosition, JsonValue } from '../event-store.port';
import { chainHash, runningHash } from '../hash-chain';

/** An event as the verifier sees it: what was stored, including the hash stored with it. */
export interface StoredChainEvent {
  readonly position: GlobalPosition;
  readonly streamId: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
  readonly hash: string | null | undefined;
}

/** A running hash over the global log up to and including `position` (libs/event-store/src/hash-chain.ts). */
export interface LogCheckpoint {
  readonly position: GlobalPosition;
  readonly eventCount: number;
  readonly runningHash: string;
}

export type ChainProblemKind =
  'hash-missing' | 'hash-mismatch' | 'revision-gap' | 'revision-out-of-order' | 'checkpoint-mismatch';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** The stream and revision that are wrong, where the chain can tell (not for a checkpoint mismatch). */
  readonly streamId?: string;
  readonly revision?: number;
  /** The global position of the event found wrong, or of the checkpoint that no longer matches. */
  readonly position: GlobalPosition;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly events: number;
  readonly streams: number;
  readonly checkpointsChecked: number;
  /** The first problems found, in global order (at most `maxProblems`); `problemCount` counts them all. */
  readonly problems: readonly ChainProblem[];
  readonly problemCount: number;
  readonly lastCheckpoint?: LogCheckpoint;
  /** Events after the last checkpoint: there, a stream's removed or rewritten last event goes unnoticed. */
  readonly eventsAfterLastCheckpoint: number;
}

export interface ChainVerifierOptions {
  /** Checkpoints to hold the log to: the store's own, and any exported copy (`--against FILE`). */
  readonly checkpoints?: readonly LogCheckpoint[];
  readonly maxProblems?: number;
}

interface StreamTip {
  readonly revision: number;
  readonly hash: string | null;
}

/**
 * Checks a log fed to it in global order, one event at a time: each stream's chain (revisions 0, 1, 2...
 * each hashed over its content and its predecessor's hash) and the running hash at every checkpoint.
 * Memory grows with the number of streams (one tip each), never with the number of events.
 */
export class ChainVerifier {
  private readonly tips = new Map<string, StreamTip>();
  private readonly checkpoints: LogCheckpoint[];
  private readonly maxProblems: number;
  private readonly problems: ChainProblem[] = [];
  private problemCount = 0;
  private events = 0;
  private running = '';
  private nextCheckpoint = 0;
  private checkpointsChecked = 0;
  /** The last checkpoint that matched: a mismatch lies after it. */
  private lastGood?: LogCheckpoint;

  constructor(options: ChainVerifierOptions = {}) {
    this.checkpoints = [...(options.checkpoints ?? [])].sort((a, b) =>
      a.position < b.position ? -1 : a.position > b.position ? 1 : 0,
    );
    this.maxProblems = options.maxProblems ?? 100;
  }

  get eventsSeen(): number {
    return this.events;
  }

  visit(event: StoredChainEvent): void {
    this.checkCheckpointsBefore(event.position);
    this.checkLink(event);
    this.running = runningHash(this.running, { ...event, hash: event.hash ?? '' });
    this.events++;
  }

  finish(): VerifyReport {
    this.checkCheckpointsBefore(undefined);
    const lastCheckpoint = this.checkpoints.at(-1);
    return {
      ok: this.problemCount === 0,
      events: this.events,
      streams: this.tips.size,
      checkpointsChecked: this.checkpointsChecked,
      problems: this.problems,
      problemCount: this.problemCount,
      ...(lastCheckpoint ? { lastCheckpoint } : {}),
      eventsAfterLastCheckpoint: this.events - (lastCheckpoint?.eventCount ?? 0),
    };
  }

  private checkLink(event: StoredChainEvent): void {
    const { streamId, revision, position } = event;
    const tip = this.tips.get(streamId);
    const expected = tip ? tip.revision + 1 : 0;
    this.tips.set(streamId, { revision: Math.max(revision, tip?.revision ?? -1), hash: event.hash ?? null });
    if (revision > expected) {
      const missing = revision === expected + 1 ? `${expected}` : `${expected} to ${revision - 1}`;
      this.report({
        kind: 'revision-gap',
        streamId,
        revision: expected,
        position,
        message: `revision ${missing} is missing (revision ${revision} follows ${expected - 1 < 0 ? 'nothing' : expected - 1})`,
      });
      return;
    }
    if (revision < expected) {
      this.report({
        kind: 'revision-out-of-order',
        streamId,
        revision,
        position,
        message: `revision ${revision} comes after revision ${expected - 1} in the global log (reordered or inserted)`,
      });
      return;
    }
    if (!event.hash) {
      this.report({ kind: 'hash-missing', streamId, revision, position, message: 'the event has no hash' });
      return;
    }
    const hash = chainHash(streamId, revision, tip?.hash ?? null, event);
    if (hash !== event.hash) {
      this.report({
        kind: 'hash-mismatch',
        streamId,
        revision,
        position,
        message:
          'the stored hash does not match the event and the hash before it ' +
          '(its content, id, type, stream or revision was changed, or the event before it was)',
      });
    }
  }

  /** Compares every checkpoint below `position` (all, at the end) with the running hash so far. */
  private checkCheckpointsBefore(position: GlobalPosition | undefined): void {
    for (;;) {
      const checkpoint = this.checkpoints[this.nextCheckpoint];
      if (!checkpoint || (position !== undefined && checkpoint.position >= position)) return;
      this.nextCheckpoint++;
      this.checkpointsChecked++;
      if (checkpoint.eventCount === this.events && checkpoint.runningHash === this.running) {
        this.lastGood = checkpoint;
        continue;
      }
      const since = this.lastGood ? `after position ${this.lastGood.position}` : 'from the start';
      this.report({
        kind: 'checkpoint-mismatch',
        position: checkpoint.position,
        message:
          `the checkpoint at position ${checkpoint.position} (${checkpoint.eventCount} events) does not match ` +
          `the ${this.events} events stored up to it: an event ${since} up to position ` +
          `${checkpoint.position} was removed, inserted, moved or rewritten with a new hash`,
      });
    }
  }

  private report(problem: ChainProblem): void {
    this.problemCount++;
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
  }
}

/** One line naming a problem, for the command line and for logs. */
export function describeProblem(problem: ChainProblem): string {
  const where =
    problem.streamId !== undefined
      ? `stream ${problem.streamId} revision ${problem.revision} (position ${problem.position})`
      : `checkpoint at position ${problem.position}`;
  return `${problem.kind}: ${where}: ${problem.message}`;
}
