import type { ServerDuplexStream, ServerWritableStream } from '@grpc/grpc-js';

import type { EventLog } from './event-log';

type WritableCall<Res> = ServerWritableStream<unknown, Res> | ServerDuplexStream<unknown, Res>;

/**
 * Writes one message and, when grpc-js reports its buffer full, waits for 'drain' before returning: gRPC
 * (HTTP/2) flow control then holds the server back while the client is not reading. Resolves false once the
 * call is cancelled (grpc-js never drains a cancelled call, so we must not wait for it).
 */
export function writeWithBackpressure<Res>(call: WritableCall<Res>, message: Res): Promise<boolean> {
  if (call.cancelled || call.destroyed || call.writableEnded) return Promise.resolve(false);
  if (call.write(message)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (open: boolean) => (): void => {
      call.off('drain', onDrain);
      call.off('cancelled', onGone);
      call.off('close', onGone);
      resolve(open);
    };
    const onDrain = finish(true);
    const onGone = finish(false);
    call.once('drain', onDrain);
    call.once('cancelled', onGone);
    call.once('close', onGone);
  });
}

/** Waits until something is appended to the log or the call goes away, whichever comes first. */
export function waitForAppendOrCancel(log: EventLog, call: WritableCall<unknown>): Promise<void> {
  if (call.cancelled || call.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      stopWaiting();
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    const stopWaiting = log.onNextAppend(done);
    call.once('cancelled', done);
    call.once('close', done);
  });
}

/** Ends a call normally unless the client already went away. */
export function endCall(call: WritableCall<unknown>): void {
  if (!call.cancelled && !call.destroyed && !call.writableEnded) call.end();
}
