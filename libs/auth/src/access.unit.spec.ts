import { ROLES, type Actor } from '@lle/domain';
import { canSeeAlliance } from './access';

describe('canSeeAlliance', () => {
  it('lets a broker see only their own alliance', () => {
    const broker: Actor = { subject: 'b', role: 'broker', alliance: 'CATSA' };
    expect(canSeeAlliance(broker, 'CATSA')).toBe(true);
    expect(canSeeAlliance(broker, 'CASSA')).toBe(false);
    expect(canSeeAlliance({ subject: 'b', role: 'broker' }, 'CATSA')).toBe(false);
  });

  it('lets every other role see every alliance, whatever alliance their token names', () => {
    for (const role of ROLES.filter((r) => r !== 'broker')) {
      expect(canSeeAlliance({ subject: 'x', role }, 'CASSA')).toBe(true);
      expect(canSeeAlliance({ subject: 'x', role, alliance: 'CATSA' }, 'CASSA')).toBe(true);
    }
  });
});
