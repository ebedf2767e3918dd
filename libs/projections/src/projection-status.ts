import type { EventStore, GlobalPosition } from '@lle/event-store';
import { readCheckpoints, type CheckpointStatus } from './checkpoints';
import type { Queryable } from './sql';

export interface ProjectionReport {
  readonly name: string;
  /** `not_started` until a runner has created its checkpoint. */
  readonly status: CheckpointStatus | 'not_started';
  /** The position of the last event it has dealt with; 0 before the first. */
  readonly checkpoint: GlobalPosition;
  /** The position of the last event in the log (0 when empty), read just before the checkpoint. */
  readonly head: GlobalPosition;
  /**
   * head - checkpoint, never negative. On PostgreSQL positions are consecutive, so this is about the number
   * of events still to go; on EventStoreDB positions are byte offsets and only zero or not zero means much.
   */
  readonly lag: GlobalPosition;
  /** It had dealt with every event recorded when the head was read. */
  readonly caughtUp: boolean;
  readonly lastError: string | null;
  /** While paused: the position of the event it could not process. */
  readonly failedPosition: GlobalPosition | null;
  readonly updatedAt: Date | null;
}

/**
 * Where each projection stands against the head of the log, for readiness checks and metrics. It reads the
 * checkpoint table, so it works in any process (the API as well as the worker that runs the projections).
 */
export class ProjectionStatus {
  constructor(
    private readonly db: Queryable,
    private readonly store: Pick<EventStore, 'headPosition'>,
    private readonly names: readonly string[],
  ) {}

  async report(): Promise<ProjectionReport[]> {
    // The head first: a checkpoint read afterwards that reaches it is caught up with everything before.
    const head = (await this.store.headPosition()) ?? 0n;
    const checkpoints = new Map((await readCheckpoints(this.db, this.names)).map((c) => [c.name, c]));
    return this.names.map((name) => {
      const checkpoint = checkpoints.get(name);
      const position = checkpoint?.position ?? 0n;
      const lag = head > position ? head - position : 0n;
      return {
        name,
        status: checkpoint?.status ?? 'not_started',
        checkpoint: position,
        head,
        lag,
        caughtUp: lag === 0n,
        lastError: checkpoint?.lastError ?? null,
        failedPosition: checkpoint?.failedPosition ?? null,
        updatedAt: checkpoint?.updatedAt ?? null,
      };
    });
  }

  /** Every projection is running and at most `maxLag` behind the head (for /ready). */
  async ready(maxLag: GlobalPosition = 0n): Promise<boolean> {
    const reports = await this.report();
    return reports.every((report) => report.status === 'running' && report.lag <= maxLag);
  }
}
