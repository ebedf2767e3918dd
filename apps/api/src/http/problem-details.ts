/**
 * Every error answer is an RFC 9457 problem document. `code` is stable: clients and tests match on it.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly correlationId?: string;
  /** For 400: each failing field and what is wrong with it. */
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Rule broken',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Not ready yet',
};

export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
): ProblemDetails {
  // Details a rule attaches (a placement's `status`, say) never overwrite the document's own fields.
  return {
    ...extensions,
    type: `https://lle-brokerage.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
  };
}
