import { metadata } from '../brokerage/brokerage.fixtures';
import { given } from '../testing/decider-specification';
import { vatTreatmentDecider, type SetVatTreatment, type VatTreatmentSet } from './vat-treatment';

const set = (data: Partial<SetVatTreatment['data']> = {}): SetVatTreatment => ({
  type: 'SetVatTreatment',
  data: {
    bodyKind: 'local_authority',
    bodyId: '873',
    treatment: 'exempt',
    reason: 'Certificate 2027-14',
    setOn: '2027-09-01',
    ...data,
  },
  metadata: metadata('2027-09-01T10:00:00Z', 'finance-1', 'finance'),
});

describe('vatTreatmentDecider', () => {
  it('records a treatment, and nothing when the same one is set again', () => {
    const { events } = given(vatTreatmentDecider).when(set());
    expect(events).toEqual([{ type: 'VatTreatmentSet', data: set().data }]);
    expect(given(vatTreatmentDecider, ...(events as VatTreatmentSet[])).when(set()).events).toEqual([]);
    expect(
      given(vatTreatmentDecider, ...(events as VatTreatmentSet[])).when(set({ treatment: 'standard' }))
        .events,
    ).toHaveLength(1);
  });

  it('refuses an unknown treatment or a blank reason, naming the field', () => {
    const unknown = given(vatTreatmentDecider).when(set({ treatment: 'half' as never })).error!;
    expect([unknown.code, unknown.details?.field]).toEqual(['VAT_TREATMENT_UNKNOWN', 'treatment']);
    const blank = given(vatTreatmentDecider).when(set({ reason: '  ' })).error!;
    expect([blank.code, blank.details?.field]).toEqual(['VAT_TREATMENT_REASON_REQUIRED', 'reason']);
  });
});
