import { v5 as uuidV5 } from 'uuid';

/** A fixed namespace for this system's name-based UUIDs. */
const NAMESPACE = '6f1c2a8e-4b7d-4e0f-9a3c-5d2e1b0a9f8e';

/**
 * A name-based UUID (version 5): the same command, stream and index always give the same event id, so
 * replaying a command after a crash appends nothing new.
 */
export function deterministicEventId(commandId: string, streamId: string, index: number): string {
  return uuidV5(`${commandId}\u0000${streamId}\u0000${index}`, NAMESPACE);
}
