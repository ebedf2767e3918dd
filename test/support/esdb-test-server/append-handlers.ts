/**
 * Streams.Append (client streaming: options first, then one proposed message per event) and Streams.BatchAppend
 * (bidirectional: requests keyed by correlation id, one request possibly split over several messages), with
 * EventStoreDB's answers (Streams.Append.cs, Streams.BatchAppend.cs).
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServerDuplexStream, ServerReadableStream, sendUnaryData } from '@grpc/grpc-js';
import { AllStreamPosition, Empty } from '@eventstore/db-client/generated/shared_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';

import { ExpectedVersion, NO_STREAM_VERSION } from './event-log';
import type { AppendOutcome, EventLog, ProposedEvent } from './event-log';
import { endCall, writeWithBackpressure } from './flow-control';
import {
  AppendRequestError,
  appendRequestRpcError,
  badRequestStatus,
  maxAppendSizeExceededError,
  maximumAppendSizeExceededStatus,
  parseUuid,
  rpcError,
  sizeOnDisk,
  streamNameOf,
  timeoutStatus,
  toProposedEvent,
  toStreamIdentifier,
  wrongExpectedVersionStatus,
} from './messages';
import type { StreamsServiceOptions } from './streams-service';

export async function handleAppend(
  log: EventLog,
  options: StreamsServiceOptions,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): Promise<void> {
  let header: AppendReq.Options | undefined;
  const events: ProposedEvent[] = [];
  let size = 0;
  try {
    for await (const request of call as AsyncIterable<AppendReq>) {
      if (header === undefined) {
        header = request.getOptions();
        if (header === undefined) {
          throw new AppendRequestError('The first message must be options', 'bad_request');
        }
        continue;
      }
      const message = request.getProposedMessage();
      if (message === undefined) throw new AppendRequestError('Expected a proposed message', 'bad_request');
      const event = toProposedEvent(message);
      size += sizeOnDisk(event);
      // Checked while reading, as the server does: the rest of the request is never looked at.
      if (size > options.maxAppendSize) return callback(maxAppendSizeExceededError(options.maxAppendSize));
      events.push(event);
    }
  } catch (error) {
    if (error instanceof AppendRequestError) return callback(appendRequestRpcError(error));
    return callback(rpcError(GrpcStatus.CANCELLED, 'The append request stream failed'));
  }
  const streamName = streamNameOf(header?.getStreamIdentifier());
  if (header === undefined || streamName.length === 0) {
    return callback(appendRequestRpcError(new AppendRequestError('Empty stream name', 'bad_request')));
  }
  const expectedVersion = expectedVersionOfAppend(header);
  const outcome = log.append(streamName, expectedVersion, events);
  callback(null, toAppendResp(outcome, expectedVersion, options));
}

function expectedVersionOfAppend(header: AppendReq.Options): number {
  const { ExpectedStreamRevisionCase } = AppendReq.Options;
  switch (header.getExpectedStreamRevisionCase()) {
    case ExpectedStreamRevisionCase.REVISION:
      return Number(BigInt(header.getRevision()));
    case ExpectedStreamRevisionCase.NO_STREAM:
      return ExpectedVersion.NoStream;
    case ExpectedStreamRevisionCase.STREAM_EXISTS:
      return ExpectedVersion.StreamExists;
    default:
      return ExpectedVersion.Any;
  }
}

/** Streams.Append.cs: success, or wrong_expected_version in the response body (not as a gRPC error). */
function toAppendResp(
  outcome: AppendOutcome,
  expectedVersion: number,
  options: StreamsServiceOptions,
): AppendResp {
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    switch (expectedVersion) {
      case ExpectedVersion.Any:
        wrong.setExpectedAny(new Empty()).setAny2060(new Empty());
        break;
      case ExpectedVersion.StreamExists:
        wrong.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
        break;
      case ExpectedVersion.NoStream:
        // The server also sets the 20.6.0 field to ulong.MaxValue, which a JS number cannot carry; clients
        // since 20.10 read the field above.
        wrong.setExpectedNoStream(new Empty());
        break;
      default:
        wrong.setExpectedRevision(expectedVersion.toString()).setExpectedRevision2060(expectedVersion);
    }
    if (outcome.currentRevision === NO_STREAM_VERSION) {
      wrong.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
    } else {
      wrong
        .setCurrentRevision(outcome.currentRevision.toString())
        .setCurrentRevision2060(outcome.currentRevision);
    }
    return new AppendResp().setWrongExpectedVersion(wrong);
  }

  const success = new AppendResp.Success();
  if (outcome.currentRevision === NO_STREAM_VERSION) success.setNoStream(new Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString());
  const position = reportedPosition(outcome, options);
  if (position === undefined) {
    success.setNoPosition(new Empty());
  } else {
    const value = position.toString();
    success.setPosition(new AppendResp.Position().setCommitPosition(value).setPreparePosition(value));
  }
  return new AppendResp().setSuccess(success);
}

function reportedPosition(outcome: AppendOutcome, options: StreamsServiceOptions): bigint | undefined {
  if (outcome.kind === 'wrong_expected_version') return undefined;
  if (outcome.kind === 'idempotent' && !options.idempotentAppendsReportPosition) return undefined;
  return outcome.position;
}

interface PendingBatch {
  readonly streamName: string;
  readonly expectedVersion: number;
  readonly events: ProposedEvent[];
  size: number;
}

export async function handleBatchAppend(
  log: EventLog,
  options: StreamsServiceOptions,
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
): Promise<void> {
  const pending = new Map<string, PendingBatch>();
  try {
    for await (const request of call as AsyncIterable<BatchAppendReq>) {
      const response = receiveBatchRequest(log, options, pending, request);
      if (response !== undefined && !(await writeWithBackpressure(call, response))) return;
    }
  } catch {
    return; // The client went away (a disposed client cancels this long-lived call).
  }
  endCall(call);
}

/** Handles one BatchAppendReq; answers once the request's final part has arrived (or it failed). */
function receiveBatchRequest(
  log: EventLog,
  options: StreamsServiceOptions,
  pending: Map<string, PendingBatch>,
  request: BatchAppendReq,
): BatchAppendResp | undefined {
  const correlationId = request.getCorrelationId();
  const header = request.getOptions();
  const respond = (streamName: string): BatchAppendResp => {
    const response = new BatchAppendResp().setStreamIdentifier(toStreamIdentifier(streamName));
    return correlationId === undefined ? response : response.setCorrelationId(correlationId);
  };
  let key: string;
  try {
    key = parseUuid(correlationId);
  } catch (error) {
    return respond(streamNameOf(header?.getStreamIdentifier())).setError(badRequestStatus(String(error)));
  }

  if (header !== undefined) {
    if (!header.hasStreamIdentifier()) {
      return respond('').setError(badRequestStatus('Required field StreamIdentifier not set.'));
    }
    const streamName = streamNameOf(header.getStreamIdentifier());
    const deadline = header.getDeadline()?.toDate();
    if (deadline !== undefined && deadline.getTime() <= Date.now()) {
      return respond(streamName).setError(timeoutStatus());
    }
    if (!pending.has(key)) {
      pending.set(key, { streamName, expectedVersion: expectedVersionOfBatch(header), events: [], size: 0 });
    }
  }
  const batch = pending.get(key);
  if (batch === undefined) return undefined;

  try {
    for (const message of request.getProposedMessagesList()) {
      const event = toProposedEvent(message);
      batch.events.push(event);
      batch.size += sizeOnDisk(event);
    }
  } catch (error) {
    pending.delete(key);
    const message = error instanceof Error ? error.message : String(error);
    return respond(batch.streamName).setError(badRequestStatus(message));
  }
  if (batch.size > options.maxAppendSize) {
    pending.delete(key);
    return respond(batch.streamName).setError(maximumAppendSizeExceededStatus(options.maxAppendSize));
  }
  if (!request.getIsFinal()) return undefined;

  pending.delete(key);
  if (batch.streamName.length === 0) return respond('').setError(badRequestStatus('Empty stream name'));
  const outcome = log.append(batch.streamName, batch.expectedVersion, batch.events);
  const response = respond(batch.streamName);
  if (outcome.kind === 'wrong_expected_version') {
    return response.setError(wrongExpectedVersionStatus(outcome.currentRevision, batch.expectedVersion));
  }
  return response.setSuccess(toBatchSuccess(outcome, options));
}

function expectedVersionOfBatch(header: BatchAppendReq.Options): number {
  const { ExpectedStreamPositionCase } = BatchAppendReq.Options;
  switch (header.getExpectedStreamPositionCase()) {
    case ExpectedStreamPositionCase.STREAM_POSITION:
      return Number(BigInt(header.getStreamPosition()));
    case ExpectedStreamPositionCase.NO_STREAM:
      return ExpectedVersion.NoStream;
    case ExpectedStreamPositionCase.STREAM_EXISTS:
      return ExpectedVersion.StreamExists;
    default:
      return ExpectedVersion.Any;
  }
}

function toBatchSuccess(outcome: AppendOutcome, options: StreamsServiceOptions): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (outcome.kind !== 'wrong_expected_version' && outcome.currentRevision !== NO_STREAM_VERSION) {
    success.setCurrentRevision(outcome.currentRevision.toString());
  } else {
    success.setNoStream(new Empty());
  }
  const position = reportedPosition(outcome, options);
  if (position === undefined) {
    success.setNoPosition(new Empty());
  } else {
    const value = position.toString();
    success.setPosition(new AllStreamPosition().setCommitPosition(value).setPreparePosition(value));
  }
  return success;
}
