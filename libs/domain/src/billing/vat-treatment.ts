import type { RequestingBodyKind } from '../brokerage/support-request.events';
import type { LocalDate } from '../shared/calendar';
import type { Command, Event } from '../shared/command';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { EventTypeDefinitions } from '../shared/event-types';
import { VAT_TREATMENTS, type VatTreatment } from './day-charge.events';

/**
 * One requesting body's VAT treatment, set by finance, one stream per body
 * (`vat-treatment-<kind>-<bodyId>`). A body with no stream gets its kind's default from the billing rules.
 * Charges already made keep the VAT they were charged with: only later charges use a new treatment.
 */
export type VatTreatmentSet = Event<
  'VatTreatmentSet',
  {
    bodyKind: RequestingBodyKind;
    bodyId: string;
    treatment: VatTreatment;
    /** Why (an exemption certificate, a ruling): for auditors. */
    reason: string;
    setOn: LocalDate;
  }
>;
export type VatTreatmentEvent = VatTreatmentSet;

export type SetVatTreatment = Command<
  'SetVatTreatment',
  { bodyKind: RequestingBodyKind; bodyId: string; treatment: VatTreatment; reason: string; setOn: LocalDate }
>;
export type VatTreatmentCommand = SetVatTreatment;

export type VatTreatmentState =
  | { readonly status: 'default' }
  | { readonly status: 'set'; readonly treatment: VatTreatment; readonly reason: string };

export const VAT_TREATMENT_EVENT_TYPES: EventTypeDefinitions<VatTreatmentEvent['type']> = {
  VatTreatmentSet: { schemaVersion: 1 },
};

export function vatTreatmentStreamId(bodyKind: RequestingBodyKind, bodyId: string): string {
  return `vat-treatment-${bodyKind}-${bodyId}`;
}

export const vatTreatmentDecider: Decider<VatTreatmentCommand, VatTreatmentEvent, VatTreatmentState> = {
  initialState: () => ({ status: 'default' }),
  evolve(_state, event) {
    return { status: 'set', treatment: event.data.treatment, reason: event.data.reason };
  },
  decide(command, state) {
    switch (command.type) {
      case 'SetVatTreatment': {
        const { treatment, reason } = command.data;
        if (!(VAT_TREATMENTS as readonly string[]).includes(treatment)) {
          throw new DomainError(
            'VAT_TREATMENT_UNKNOWN',
            `treatment must be one of ${VAT_TREATMENTS.join(', ')}`,
            'rule',
            { field: 'treatment' },
          );
        }
        if (reason.trim() === '') {
          throw new DomainError('VAT_TREATMENT_REASON_REQUIRED', 'Say why the treatment is set', 'rule', {
            field: 'reason',
          });
        }
        // Setting the same treatment for the same reason again changes nothing.
        if (state.status === 'set' && state.treatment === treatment && state.reason === reason) return [];
        return [{ type: 'VatTreatmentSet', data: { ...command.data } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};

/** The treatment a body's stream says, or undefined when finance never set one (the kind's default applies). */
export function vatTreatmentOf(state: VatTreatmentState): VatTreatment | undefined {
  return state.status === 'set' ? state.treatment : undefined;
}
