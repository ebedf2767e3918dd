import { hash as oneShotHash } from 'node:crypto';
import type { EventMetadata, JsonValue } from './event-store.port';

/**
 * Tamper evidence, defined once for every adapter.
 *
 * Each stored event carries `hash`, a SHA-256 (hex) over its stream, revision, the previous event's hash in
 * its stream, and the digest of its content:
 *
 *   digest = sha256(canonicalJson({ data, id, metadata, type }))        id in lower case
 *   hash   = sha256(`lle-chain-v1|${revision}|${previousHash ?? ''}|${digest}|${streamId}`)
 *
 * The canonical JSON sorts object keys (by UTF-16 code units) and writes numbers and strings as
 * JSON.stringify does, so it is re-derived exactly from what PostgreSQL's jsonb or EventStoreDB hand back
 * (they keep neither key order nor whitespace, but keep every number and string). The stream id comes last
 * in the link so that no stream id can be read as another field. The PostgreSQL append computes the link in
 * SQL from the digest the adapter sends (event_store.append_events, last defined by
 * libs/database/src/migrations/1764350000000-cheaper-chained-append.ts): both sides must stay byte-identical
 * to `linkText`.
 *
 * Checkpoints over the global log hold a running hash over every event up to a position, in global order:
 *
 *   running = sha256(`lle-log-v1|${previousRunning}|${position}|${revision}|${hash}|${streamId}`)
 *
 * starting from the empty string, so one checkpoint commits to the whole log before it.
 */

export const CHAIN_VERSION = 'lle-chain-v1';
export const LOG_VERSION = 'lle-log-v1';

/** The metadata key the EventStoreDB adapter keeps the chain in (never part of the hashed metadata). */
export const CHAIN_METADATA_KEY = '$chain';

export interface ChainLink {
  readonly hash: string;
  readonly previousHash: string | null;
}

export interface HashableEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

/** Deterministic JSON: sorted keys, no whitespace; undefined members dropped as JSON.stringify drops them. */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError('A value with no JSON form cannot be hashed');
  return text;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      // Number#toString is what JSON.stringify writes for a finite number (-0 included: "0").
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('A bigint has no JSON form');
    case 'object':
      return value === null ? 'null' : writeObject(value);
    default:
      return undefined; // undefined, functions and symbols, as JSON.stringify leaves them out
  }
}

/** What JSON.stringify escapes: quotes, backslashes, control characters and (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify of a string, without its cost when nothing needs escaping (the usual case). */
function quote(text: string): string {
  return NEEDS_ESCAPING.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** Plain loops and string concatenation: this runs for every event appended. */
function writeObject(value: object): string | undefined {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return write((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += write(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = write((value as Record<string, unknown>)[key]);
    if (member === undefined) continue;
    out += `${first ? '' : ','}${quote(key)}:${member}`;
    first = false;
  }
  return `${out}}`;
}

/** One-shot `hash` (Node >= 20.12): for inputs this small, cheaper than a createHash object. */
export function sha256Hex(text: string): string {
  return oneShotHash('sha256', text, 'hex');
}

/**
 * The canonical JSON text an event's digest is taken over: `{"data":…,"id":…,"metadata":…,"type":…}`. It is
 * also a JSON form of the event itself, so an adapter can send it as it is rather than serialise twice.
 */
export function eventContent(event: HashableEvent): string {
  return canonicalJson({
    data: event.data,
    id: event.id.toLowerCase(),
    metadata: event.metadata,
    type: event.type,
  });
}

/** The digest of what an event says (its id, type, data and metadata), independent of where it is stored. */
export function eventDigest(event: HashableEvent): string {
  return sha256Hex(eventContent(event));
}

/** The text an event's hash is taken over; mirrored by the SQL in event_store.append_events. */
export function linkText(
  streamId: string,
  revision: number,
  previousHash: string | null,
  digest: string,
): string {
  return `${CHAIN_VERSION}|${revision}|${previousHash ?? ''}|${digest}|${streamId}`;
}

/** The hash an event must carry, given the hash of the event before it in its stream (null for the first). */
export function chainHash(
  streamId: string,
  revision: number,
  previousHash: string | null,
  event: HashableEvent,
): string {
  return sha256Hex(linkText(streamId, revision, previousHash, eventDigest(event)));
}

/** Hashes for events about to be appended after `previousHash`, starting at `firstRevision`. */
export function chainEvents(
  streamId: string,
  firstRevision: number,
  previousHash: string | null,
  events: readonly HashableEvent[],
): ChainLink[] {
  const links: ChainLink[] = [];
  let previous = previousHash;
  events.forEach((event, i) => {
    const hash = chainHash(streamId, firstRevision + i, previous, event);
    links.push({ hash, previousHash: previous });
    previous = hash;
  });
  return links;
}

/** One step of the running hash over the global log that checkpoints record. */
export function runningHash(
  previousRunning: string,
  event: {
    readonly position: bigint;
    readonly streamId: string;
    readonly revision: number;
    readonly hash: string;
  },
): string {
  return sha256Hex(
    `${LOG_VERSION}|${previousRunning}|${event.position}|${event.revision}|${event.hash}|${event.streamId}`,
  );
}

/** Splits the chain off EventStoreDB metadata: what the caller gave, and the link the adapter added. */
export function splitChainMetadata(metadata: EventMetadata): {
  metadata: EventMetadata;
  link?: ChainLink;
} {
  if (!(CHAIN_METADATA_KEY in metadata)) return { metadata };
  const { [CHAIN_METADATA_KEY]: chain, ...rest } = metadata;
  const link = chain as Partial<ChainLink> | null;
  if (typeof link?.hash !== 'string') return { metadata: rest };
  return { metadata: rest, link: { hash: link.hash, previousHash: link.previousHash ?? null } };
}
