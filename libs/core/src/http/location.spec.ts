import { fillLocation } from './location';

describe('fillLocation', () => {
  it('fills a path from the response body first, then the route parameters', () => {
    expect(fillLocation('/api/v1/trusts/:trustId/rebooking-runs/:runId', { trustId: 't1', walkoutId: 'w1' }, { runId: 'r1' })).toBe('/api/v1/trusts/t1/rebooking-runs/r1');
    expect(fillLocation('/a/:id', { id: 'from-route' }, { id: 'from-body' })).toBe('/a/from-body');
  });

  it('gives no Location rather than a half-filled one', () => {
    expect(fillLocation('/api/v1/trusts/:trustId/things/:id', { trustId: 't1' }, {})).toBeNull();
    expect(fillLocation('/a/:id', {}, null)).toBeNull();
  });

  it('escapes what it puts in the path', () => {
    expect(fillLocation('/a/:id', {}, { id: 'x/y' })).toBe('/a/x%2Fy');
  });
});
