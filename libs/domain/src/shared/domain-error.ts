/**
 * A broken business rule. `code` is stable (clients and tests match on it); `message` is for a person.
 * `kind` decides the HTTP answer at the edge: a rule is 422, a missing thing 404, a state clash 409.
 */
export type DomainErrorKind = 'rule' | 'not_found' | 'conflict';

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}
