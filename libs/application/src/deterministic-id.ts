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

/** The command id of a request sent with an Idempotency-Key: the same caller and key, the same command. */
export function commandIdForIdempotencyKey(caller: string, key: string): string {
  return uuidV5(`idempotency-key\u0000${caller}\u0000${key}`, NAMESPACE);
}

/** An id a command creates (a new round, a new placement), derived from the command id for the same reason. */
export function idCreatedBy(commandId: string, what: string): string {
  return uuidV5(`created\u0000${commandId}\u0000${what}`, NAMESPACE);
}

/** A name-based UUID in this system's namespace. */
export function uuidV5Of(name: string): string {
  return uuidV5(name, NAMESPACE);
}
