import { deadlinePriority } from './job-priority';

describe('deadlinePriority', () => {
  it('puts an earlier appointment ahead of a later one, whenever they were queued', () => {
    expect(deadlinePriority(new Date('2026-03-02T09:00:00Z'))).toBeLessThan(deadlinePriority(new Date('2026-03-02T10:00:00Z')));
    expect(deadlinePriority(new Date('2026-03-02T09:00:00Z'))).toBeLessThan(deadlinePriority(new Date('2027-01-01T00:00:00Z')));
  });

  it('sends notices without a deadline last and keeps priorities within what BullMQ accepts', () => {
    expect(deadlinePriority(null)).toBe(2_097_152);
    expect(deadlinePriority(new Date('2020-01-01T00:00:00Z'))).toBe(1);
    expect(deadlinePriority(new Date('2400-01-01T00:00:00Z'))).toBe(2_097_152);
  });
});
