import { isLocalDate, type LocalDate } from '../shared/calendar';
import { DomainError } from '../shared/domain-error';
import type { EndPoint } from './lle-commitments.events';

/** Checks and refusals the brokerage deciders share (not exported from the library). */

export function isPositiveWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

export function daysInvalid(what: string, value: unknown): DomainError {
  return new DomainError(
    'DAYS_INVALID',
    `${what} are counted in half-days, a whole number above zero, not ${String(value)}`,
  );
}

export function placementNotInProgress(placementId: string, status?: string): DomainError {
  return new DomainError(
    'PLACEMENT_NOT_IN_PROGRESS',
    `Placement ${placementId} is not in progress${status !== undefined ? ` (${status})` : ''}`,
    'rule',
    status !== undefined ? { status } : undefined,
  );
}

export function requestNotWaiting(requestId: string, status: string): DomainError {
  return new DomainError(
    'REQUEST_NOT_WAITING',
    `Request ${requestId} is no longer waiting in the queue (${status})`,
    'rule',
    { status },
  );
}

/** There is always an agreed end point: a date on or after the start, and what "done" means. */
export function checkEndPoint(endPoint: EndPoint | undefined, startDate: LocalDate): EndPoint {
  if (
    endPoint === undefined ||
    endPoint === null ||
    !isLocalDate(endPoint.date) ||
    isBlank(endPoint.description)
  ) {
    throw new DomainError(
      'END_POINT_REQUIRED',
      'A placement needs an agreed end point: a date and what "done" means',
    );
  }
  if (endPoint.date < startDate) {
    throw new DomainError(
      'END_POINT_BEFORE_START',
      `The end point ${endPoint.date} comes before the start ${startDate}`,
    );
  }
  return { date: endPoint.date, description: endPoint.description };
}

/** Above the guideline, an explicit override with a reason. */
export function checkGuideline(
  halfDays: number,
  guideline: number,
  override: { readonly reason: string } | undefined,
): void {
  if (halfDays > guideline && (override === undefined || isBlank(override.reason))) {
    throw new DomainError(
      'OVER_GUIDELINE_NEEDS_OVERRIDE',
      `${halfDays} half-days is above the guideline of ${guideline} half-days a placement per academic year; going beyond needs an override with a reason`,
      'rule',
      { halfDays, guidelineHalfDays: guideline },
    );
  }
}

/** JSON with object keys in order, so the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, inner]) => [key, sortKeys(inner)]),
    );
  }
  return value;
}
