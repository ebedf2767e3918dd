/**
 * Conversions between the client's protobuf messages and the in-memory log, and the gRPC errors a real
 * EventStoreDB answers with (RpcExceptions.cs / Status.cs in the server source).
 */
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  BadRequest,
  Empty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  Timeout,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

import { ExpectedVersion, NO_STREAM_VERSION } from './event-log';
import type { ProposedEvent, StoredEvent } from './event-log';

const CONTENT_TYPE_JSON = 'application/json';
const CONTENT_TYPE_BINARY = 'application/octet-stream';
const utf8Decoder = new TextDecoder('utf-8');

/** What both append RPCs carry per event. */
interface ProposedMessageLike {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** The failures a real server reports while reading an append request. */
export class AppendRequestError extends Error {
  constructor(
    message: string,
    readonly kind: 'bad_request' | 'missing_metadata',
    readonly missingProperty?: string,
  ) {
    super(message);
  }
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return identifier === undefined ? '' : utf8Decoder.decode(identifier.getStreamName_asU8());
}

export function toStreamIdentifier(streamName: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));
}

/** Like .NET's Guid: parses either UUID form the protocol allows and prints it lower case with hyphens. */
export function parseUuid(uuid: UUID | undefined): string {
  if (uuid?.hasStructured()) {
    const structured = uuid.getStructured();
    const most = BigInt.asUintN(64, BigInt(structured?.getMostSignificantBits() ?? '0'));
    const least = BigInt.asUintN(64, BigInt(structured?.getLeastSignificantBits() ?? '0'));
    const hex = ((most << 64n) | least).toString(16).padStart(32, '0');
    return formatUuid(hex);
  }
  const text = (uuid?.getString() ?? '').trim().replace(/^[{(]|[})]$/g, '');
  const hex = text.replace(/-/g, '');
  const hyphenated = text.includes('-');
  if (
    !/^[0-9a-f]{32}$/i.test(hex) ||
    (hyphenated && !/^[^-]{8}-[^-]{4}-[^-]{4}-[^-]{4}-[^-]{12}$/.test(text))
  ) {
    throw new AppendRequestError(`Unrecognized Guid format: '${uuid?.getString() ?? ''}'`, 'bad_request');
  }
  return formatUuid(hex.toLowerCase());
}

function formatUuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toProtoUuid(id: string, option: ReadReq.Options.UUIDOption): UUID {
  if (option.hasString()) return new UUID().setString(id);
  const value = BigInt(`0x${id.replace(/-/g, '')}`);
  const structured = new UUID.Structured()
    .setMostSignificantBits(BigInt.asIntN(64, value >> 64n).toString())
    .setLeastSignificantBits(BigInt.asIntN(64, value).toString());
  return new UUID().setStructured(structured);
}

/** Validates one proposed event the way the server's Event constructor and metadata checks do. */
export function toProposedEvent(message: ProposedMessageLike): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) {
    throw new AppendRequestError("Required Metadata Property 'type' is missing", 'missing_metadata', 'type');
  }
  const contentType = metadata.get('content-type');
  if (contentType === undefined) {
    throw new AppendRequestError(
      "Required Metadata Property 'content-type' is missing",
      'missing_metadata',
      'content-type',
    );
  }
  const id = parseUuid(message.getId());
  if (id === '00000000-0000-0000-0000-000000000000') {
    throw new AppendRequestError('Empty eventId provided.', 'bad_request');
  }
  if (type.length === 0) throw new AppendRequestError('Empty eventType provided.', 'bad_request');
  return {
    id,
    type,
    isJson: contentType === CONTENT_TYPE_JSON,
    // Copies: the bytes are kept as sent, independent of the request buffer.
    data: Uint8Array.from(message.getData_asU8()),
    metadata: Uint8Array.from(message.getCustomMetadata_asU8()),
  };
}

/** Event.SizeOnDisk: what counts against the server's maximum append size. */
export function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length * 2;
}

export function toReadEventResponse(event: StoredEvent, uuidOption: ReadReq.Options.UUIDOption): ReadResp {
  const position = event.position.toString();
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(toProtoUuid(event.id, uuidOption))
    .setStreamIdentifier(toStreamIdentifier(event.streamName))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(position)
    .setPreparePosition(position)
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('created', event.createdTicks.toString())
    .set('content-type', event.isJson ? CONTENT_TYPE_JSON : CONTENT_TYPE_BINARY);
  // Servers since 22.6 give a position for stream reads too, so the event's and the read's are always set.
  const readEvent = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(position);
  return new ReadResp().setEvent(readEvent);
}

export function confirmationResponse(subscriptionId: string): ReadResp {
  return new ReadResp().setConfirmation(
    new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId),
  );
}

export function caughtUpResponse(): ReadResp {
  return new ReadResp().setCaughtUp(new ReadResp.CaughtUp());
}

export function checkpointResponse(position: bigint): ReadResp {
  const value = position.toString();
  return new ReadResp().setCheckpoint(
    new ReadResp.Checkpoint().setCommitPosition(value).setPreparePosition(value),
  );
}

export function streamNotFoundResponse(streamName: string): ReadResp {
  return new ReadResp().setStreamNotFound(
    new ReadResp.StreamNotFound().setStreamIdentifier(toStreamIdentifier(streamName)),
  );
}

/** BatchAppend reports failures in-band as a google.rpc.Status with typed details. */
export function wrongExpectedVersionStatus(currentVersion: number, expectedVersion: number): Status {
  const details = new WrongExpectedVersion();
  if (currentVersion === NO_STREAM_VERSION) details.setCurrentNoStream(new Empty());
  else details.setCurrentStreamRevision(currentVersion.toString());
  switch (expectedVersion) {
    case ExpectedVersion.Any:
      details.setExpectedAny(new Empty());
      break;
    case ExpectedVersion.NoStream:
      details.setExpectedNoStream(new Empty());
      break;
    case ExpectedVersion.StreamExists:
      details.setExpectedStreamExists(new Empty());
      break;
    default:
      details.setExpectedStreamPosition(expectedVersion.toString());
  }
  return status(
    Code.ALREADY_EXISTS,
    'WrongExpectedVersion',
    details.serializeBinary(),
    'event_store.client.WrongExpectedVersion',
  );
}

export function maximumAppendSizeExceededStatus(maxAppendSize: number): Status {
  const details = new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize);
  return status(
    Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    details.serializeBinary(),
    'event_store.client.MaximumAppendSizeExceeded',
  );
}

export function badRequestStatus(message: string): Status {
  const details = new BadRequest().setMessage(message);
  return status(
    Code.INVALID_ARGUMENT,
    'BadRequest',
    details.serializeBinary(),
    'event_store.client.BadRequest',
  );
}

export function timeoutStatus(): Status {
  return status(
    Code.DEADLINE_EXCEEDED,
    'Timeout',
    new Timeout().serializeBinary(),
    'event_store.client.Timeout',
  );
}

function status(code: Code, message: string, details: Uint8Array, typeName: string): Status {
  const any = new Any();
  any.pack(details, typeName);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

/** A gRPC error as grpc-js sends it, with ESDB's `exception` metadata where the server adds it. */
export function rpcError(
  code: GrpcStatus,
  details: string,
  exceptionMetadata: Record<string, string> = {},
): Partial<ServiceError> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(exceptionMetadata)) metadata.set(key, value);
  return { code, details, metadata };
}

export function maxAppendSizeExceededError(maxAppendSize: number): Partial<ServiceError> {
  return rpcError(GrpcStatus.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': maxAppendSize.toString(),
  });
}

/** Maps an AppendRequestError to the unary Append RPC's error, as the server's exception handling does. */
export function appendRequestRpcError(error: AppendRequestError): Partial<ServiceError> {
  if (error.kind === 'missing_metadata') {
    return rpcError(GrpcStatus.INVALID_ARGUMENT, error.message, {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': error.missingProperty ?? '',
    });
  }
  // The server does not catch these in Append: ASP.NET's gRPC host answers UNKNOWN.
  return rpcError(GrpcStatus.UNKNOWN, `Exception was thrown by handler. ${error.message}`);
}

export function invalidPositionError(): Partial<ServiceError> {
  return rpcError(GrpcStatus.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
}
