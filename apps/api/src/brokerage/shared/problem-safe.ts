import { DomainError } from '@lle/domain';

/** The members of a problem document that an error's details must not overwrite. */
const PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'code', 'detail', 'correlationId', 'errors']);

/**
 * Some brokerage refusals carry a `status` among their details (the request's, the placement's, the
 * LLE's), which the problem document would take for its HTTP status. Such a detail is answered under
 * another name (`status` becomes `currentStatus`); the code, the message and the kind are unchanged.
 */
export async function problemSafe<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const details = error instanceof DomainError ? error.details : undefined;
    if (details === undefined || !Object.keys(details).some((key) => PROBLEM_MEMBERS.has(key))) throw error;
    const renamed = Object.fromEntries(
      Object.entries(details).map(([key, value]) => [
        PROBLEM_MEMBERS.has(key) ? `current${key[0]!.toUpperCase()}${key.slice(1)}` : key,
        value,
      ]),
    );
    const { code, message, kind } = error as DomainError;
    throw new DomainError(code, message, kind, renamed);
  }
}
