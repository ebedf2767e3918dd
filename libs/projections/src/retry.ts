/** Exponential backoff: base, 2 x base, 4 x base ... capped at max, for the attempt-th wait (from 1). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}

/** SQLSTATE classes that say nothing about the event: the connection, the server or a lock race. */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_MESSAGES =
  /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed/i;

/**
 * Whether an error is the database's or the network's rather than the projection's: such errors make the
 * runner resubscribe with backoff instead of counting against the event (a projection is only paused for
 * an event it cannot process). TypeORM's QueryFailedError copies the driver's `code` and keeps the
 * original as `driverError`.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, message, driverError } = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
    };
    if (typeof code === 'string') {
      if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2))) return true;
      if (TRANSIENT_SYSTEM_CODES.has(code)) return true;
    }
    if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
    current = driverError;
  }
  return false;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
