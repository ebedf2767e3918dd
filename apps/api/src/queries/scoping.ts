import { NotFoundException } from '@nestjs/common';
import type { Actor, AllianceCode } from '@lle/domain';
import { problem } from '../http/problem-details';

/** A broker sees their own alliance only; everyone else may filter by any. Null: nothing to see. */
export function allianceFor(actor: Actor, asked: string | undefined): AllianceCode | undefined | null {
  if (actor.role !== 'broker') return asked as AllianceCode | undefined;
  if (asked && asked !== actor.alliance) return null;
  return actor.alliance as AllianceCode;
}

/** What a missing thing, and another alliance's thing, both answer. */
export function notFound(code: string, what: string): NotFoundException {
  return new NotFoundException(problem(404, code, `There is no ${what}`));
}
