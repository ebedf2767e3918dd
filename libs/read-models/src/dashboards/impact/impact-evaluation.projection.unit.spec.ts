import { placementOutcome } from './impact-evaluation.projection';

describe("a placement's outcome against its objectives", () => {
  const of = (...outcomes: Array<'met' | 'partly_met' | 'not_met'>) =>
    placementOutcome(outcomes.map((outcome) => ({ outcome })));

  it('met only when every objective was met', () => {
    expect(of('met')).toBe('met');
    expect(of('met', 'met')).toBe('met');
    expect(of('met', 'partly_met')).toBe('partly_met');
  });

  it('not met when none was met even in part; partly met otherwise', () => {
    expect(of('not_met', 'not_met')).toBe('not_met');
    expect(of('not_met', 'met')).toBe('partly_met');
    expect(of('partly_met')).toBe('partly_met');
  });
});
