import type { SupportDayLogged, SupportDayVoided } from '@lle/domain';
import type { ProjectedEvent } from '@lle/projections';
import type { EntityManager } from 'typeorm';
import { billingJobsReactor, type BillingJobToAdd } from './billing-jobs.reactor';

const db = {} as EntityManager;

function dayEvent(
  id: string,
  type: 'SupportDayLogged' | 'SupportDayVoided',
  dayId: string,
): ProjectedEvent<SupportDayLogged | SupportDayVoided> {
  const recorded = {
    id,
    streamId: 'placement-p1',
    revision: 1,
    position: 10n,
    recordedAt: new Date('2027-01-01T00:00:00Z'),
    metadata: { correlationId: `request-${id}` },
  };
  return { ...recorded, type, data: { placementId: 'p1', dayId } } as unknown as ProjectedEvent<
    SupportDayLogged | SupportDayVoided
  >;
}

describe('billingJobsReactor', () => {
  it('enqueues a whole batch in one call, each job under its event id, in order', async () => {
    const calls: (readonly BillingJobToAdd[])[] = [];
    const reactor = billingJobsReactor({ enqueue: async (jobs) => void calls.push(jobs) });

    await reactor.applyBatch?.(
      [dayEvent('e1', 'SupportDayLogged', 'd1'), dayEvent('e2', 'SupportDayVoided', 'd1')],
      db,
    );

    expect(calls).toEqual([
      [
        {
          jobId: 'day-event-e1',
          job: {
            placementId: 'p1',
            dayId: 'd1',
            sourceEventId: 'e1',
            sourceType: 'SupportDayLogged',
            correlationId: 'request-e1',
          },
        },
        {
          jobId: 'day-event-e2',
          job: {
            placementId: 'p1',
            dayId: 'd1',
            sourceEventId: 'e2',
            sourceType: 'SupportDayVoided',
            correlationId: 'request-e2',
          },
        },
      ],
    ]);
  });

  it('enqueues one event as a batch of one when the runner applies events one by one', async () => {
    const calls: (readonly BillingJobToAdd[])[] = [];
    const reactor = billingJobsReactor({ enqueue: async (jobs) => void calls.push(jobs) });

    await reactor.apply(dayEvent('e3', 'SupportDayLogged', 'd2'), db);

    expect(calls.map((jobs) => jobs.map((job) => job.jobId))).toEqual([['day-event-e3']]);
  });
});
