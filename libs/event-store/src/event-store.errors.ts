import type { ExpectedRevision, StreamRevision } from './event-store.port';

/** What the stream actually held when an append was refused. */
export type ActualRevision = StreamRevision | 'no_stream';

/** The one error every adapter raises when a stream is not at the revision the writer expected. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`Stream ${streamId} is at ${describe(actual)}, but the append expected ${describe(expected)}`);
  }
}

function describe(revision: ExpectedRevision | ActualRevision): string {
  return typeof revision === 'number' ? `revision ${revision}` : revision.replace('_', ' ');
}

/** An append the store could not accept as given (bad ids, empty stream name, unserialisable data). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}
