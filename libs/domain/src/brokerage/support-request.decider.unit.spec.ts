import { fold } from '../shared/decider';
import { given } from '../testing/decider-specification';
import { brokered, ids, metadata, recipient, RECIPIENT_URN, requested } from './brokerage.fixtures';
import {
  recordRequestBrokeredFrom,
  supportRequestStreamId,
  type DeclineSupportRequest,
  type RecordRequestBrokered,
  type RequestSupport,
  type SupportRequestContext,
  type WithdrawSupportRequest,
} from './support-request.commands';
import { supportRequestDecider } from './support-request.decider';
import type { SupportRequestEvent } from './support-request.events';
import { supportRequestFacts } from './support-request.state';

const requestId = ids.request;
const context: SupportRequestContext = { recipient };
const request = (data: Partial<RequestSupport['data']> = {}): RequestSupport => {
  const { requestedOn: _, ...asked } = requested().data;
  return {
    type: 'RequestSupport',
    data: { ...asked, ...data },
    metadata: metadata('2027-09-01T09:00:00Z'),
  };
};
const decline = (reason = 'No LLE with primary experience is free this year'): DeclineSupportRequest => ({
  type: 'DeclineSupportRequest',
  data: { requestId, reason },
  metadata: metadata('2027-09-20T09:00:00Z'),
});
const withdraw: WithdrawSupportRequest = {
  type: 'WithdrawSupportRequest',
  data: { requestId, reason: 'The school joined a trust' },
  metadata: metadata('2027-09-20T09:00:00Z'),
};
const markBrokered = (placementId = ids.placement): RecordRequestBrokered => ({
  type: 'RecordRequestBrokered',
  data: { requestId, placementId, lleId: ids.lle },
  metadata: metadata('2027-09-15T10:00:01Z'),
});
const brokeredRequest: SupportRequestEvent = {
  type: 'SupportRequestBrokered',
  data: { requestId, placementId: ids.placement, lleId: ids.lle, brokeredOn: '2027-09-15' },
};

describe('support requests', () => {
  it('lives on its own stream', () => {
    expect(supportRequestStreamId(requestId)).toBe('support-request-request-1');
  });

  describe('RequestSupport', () => {
    it('puts a request in the alliance queue: who asks, for whom, the need, phase, start and days', () => {
      const { events } = given(supportRequestDecider).when(request(), context);
      expect(events).toEqual([requested()]);
      expect(supportRequestFacts(fold(supportRequestDecider, events!))).toMatchObject({
        status: 'waiting',
        alliance: 'CATSA',
        recipientUrn: RECIPIENT_URN,
        halfDaysHopedFor: 12,
      });
    });

    it('takes a school (the recipient itself or another known one), a local authority or a diocese', () => {
      const itself = request({ requestingBody: { kind: 'school', urn: RECIPIENT_URN } });
      expect(given(supportRequestDecider).when(itself, context).events).toHaveLength(1);
      const another = request({ requestingBody: { kind: 'school', urn: 120000 } });
      expect(given(supportRequestDecider).when(another, context).error?.code).toBe('UNKNOWN_SCHOOL');
      const known = { ...context, requestingSchool: { urn: 120000, phase: 'Secondary', status: 'Open' } };
      expect(given(supportRequestDecider).when(another, known).events).toHaveLength(1);
      const diocese = request({ requestingBody: { kind: 'diocese', diocese: 'Ely' } });
      expect(given(supportRequestDecider).when(diocese, context).events).toHaveLength(1);
    });

    it.each([
      ['an unknown recipient', request({ recipientUrn: 999999 }), 'UNKNOWN_SCHOOL'],
      [
        'a local authority without its code',
        request({ requestingBody: { kind: 'local_authority', laCode: 'Cambs' } }),
        'REQUESTING_BODY_INVALID',
      ],
      [
        'a body of no known kind',
        request({ requestingBody: { kind: 'trust' } as never }),
        'REQUESTING_BODY_INVALID',
      ],
      ['no need', request({ need: ' ' }), 'NEED_REQUIRED'],
      ['no phase', request({ phase: '' }), 'PHASE_REQUIRED'],
      ['no preferred start', request({ preferredStart: '2027-13-01' }), 'DATE_INVALID'],
      ['days hoped for in fractions', request({ halfDaysHopedFor: 1.5 }), 'DAYS_INVALID'],
      ['no days hoped for', request({ halfDaysHopedFor: 0 }), 'DAYS_INVALID'],
      ['an unknown alliance', request({ alliance: 'NOPE' as never }), 'UNKNOWN_ALLIANCE'],
    ])('refuses %s', (_, command, code) => {
      expect(given(supportRequestDecider).when(command, context).error).toMatchObject({ code, kind: 'rule' });
    });

    it('refuses a closed recipient', () => {
      const closed = { recipient: { ...recipient, status: 'Closed' } };
      expect(given(supportRequestDecider).when(request(), closed).error?.code).toBe('RECIPIENT_CLOSED');
    });

    it('is a no-op when sent again, and a conflict when different', () => {
      expect(given(supportRequestDecider, requested()).when(request(), context).events).toEqual([]);
      expect(
        given(supportRequestDecider, requested()).when(request({ need: 'Other' }), context).error,
      ).toMatchObject({
        code: 'REQUEST_ALREADY_EXISTS',
        kind: 'conflict',
      });
    });
  });

  describe('DeclineSupportRequest, WithdrawSupportRequest', () => {
    it('declines a waiting request with a reason, once', () => {
      const { events } = given(supportRequestDecider, requested()).when(decline(), context);
      expect(events).toEqual([
        {
          type: 'SupportRequestDeclined',
          data: {
            requestId,
            reason: 'No LLE with primary experience is free this year',
            declinedOn: '2027-09-20',
          },
        },
      ]);
      expect(given(supportRequestDecider, requested(), ...events!).when(decline(), context).events).toEqual(
        [],
      );
      expect(given(supportRequestDecider, requested()).when(decline(' '), context).error?.code).toBe(
        'REASON_REQUIRED',
      );
    });

    it('withdraws a waiting request, once', () => {
      const { events } = given(supportRequestDecider, requested()).when(withdraw, context);
      expect(events).toEqual([
        {
          type: 'SupportRequestWithdrawn',
          data: { requestId, reason: 'The school joined a trust', withdrawnOn: '2027-09-20' },
        },
      ]);
      expect(given(supportRequestDecider, requested(), ...events!).when(withdraw, context).events).toEqual(
        [],
      );
    });

    it('refuses once the request is no longer waiting', () => {
      expect(
        given(supportRequestDecider, requested(), brokeredRequest).when(decline(), context).error,
      ).toMatchObject({
        code: 'REQUEST_NOT_WAITING',
        details: { status: 'brokered' },
      });
      expect(
        given(supportRequestDecider, requested(), brokeredRequest).when(withdraw, context).error?.code,
      ).toBe('REQUEST_NOT_WAITING');
    });

    it('says an unknown request is not found', () => {
      expect(given(supportRequestDecider).when(decline(), context).error).toMatchObject({
        code: 'REQUEST_NOT_FOUND',
        kind: 'not_found',
      });
    });
  });

  describe('RecordRequestBrokered', () => {
    it('marks the request brokered from the PlacementBrokered event, once', () => {
      const command = recordRequestBrokeredFrom(brokered(), metadata('2027-09-15T10:00:01Z'));
      expect(command).toEqual(markBrokered());
      expect(given(supportRequestDecider, requested()).when(command, context).events).toEqual([
        brokeredRequest,
      ]);
      expect(
        given(supportRequestDecider, requested(), brokeredRequest).when(command, context).events,
      ).toEqual([]);
    });

    it('refuses another placement for a request already brokered, or one withdrawn meanwhile', () => {
      expect(
        given(supportRequestDecider, requested(), brokeredRequest).when(markBrokered('placement-2'), context)
          .error?.code,
      ).toBe('REQUEST_NOT_WAITING');
      const withdrawn: SupportRequestEvent = {
        type: 'SupportRequestWithdrawn',
        data: { requestId, withdrawnOn: '2027-09-14' },
      };
      expect(
        given(supportRequestDecider, requested(), withdrawn).when(markBrokered(), context).error?.code,
      ).toBe('REQUEST_NOT_WAITING');
    });
  });
});
