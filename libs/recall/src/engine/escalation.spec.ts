import { EscalationInput, decideEscalation } from './escalation';
import { IncidentState } from './incident-state';

function input(overrides: Partial<EscalationInput> = {}): EscalationInput {
  return {
    state: 'declared',
    attendingCount: 2,
    attendingTarget: 10,
    round: 0,
    lastCompletedRound: 0,
    maxRounds: 3,
    responses: new Map([
      ['a', 'attending'],
      ['b', 'attending'],
      ['u', 'unavailable'],
    ]),
    recalledIds: ['a', 'b', 'u', 'x', 'y'],
    remindersSentTo: [],
    wideningStage: 0,
    ...overrides,
  };
}

describe('decideEscalation', () => {
  it('reminds non-responders and widens the cohort when too few are attending', () => {
    expect(decideEscalation(input())).toEqual({
      action: 'escalate',
      remind: ['x', 'y'],
      widenTo: 1,
      nextRound: 1,
      shortfall: 8,
    });
  });

  it('never reminds someone who has answered, attending or unavailable', () => {
    const decision = decideEscalation(input());
    expect(decision.action).toBe('escalate');
    if (decision.action !== 'escalate') return;
    expect(decision.remind).not.toContain('a');
    expect(decision.remind).not.toContain('u');
  });

  it('accepts responses as a plain object and ignores inherited keys', () => {
    const decision = decideEscalation(
      input({ responses: { a: 'attending' }, recalledIds: ['a', 'constructor', 'x'] }),
    );
    expect(decision).toMatchObject({ action: 'escalate', remind: ['constructor', 'x'] });
  });

  it('does not remind anyone twice in the same round when a crashed attempt is retried', () => {
    const decision = decideEscalation(input({ remindersSentTo: ['x'] }));
    expect(decision).toMatchObject({ action: 'escalate', remind: ['y'], nextRound: 1 });
  });

  it('still completes the round when a crashed attempt had already reminded everyone', () => {
    const decision = decideEscalation(input({ remindersSentTo: ['x', 'y'], wideningStage: 2 }));
    expect(decision).toEqual({ action: 'escalate', remind: [], widenTo: null, nextRound: 1, shortfall: 8 });
  });

  it('reminds a non-responder again in a later round', () => {
    const decision = decideEscalation(input({ round: 1, lastCompletedRound: 1, wideningStage: 1 }));
    expect(decision).toMatchObject({ action: 'escalate', remind: ['x', 'y'], widenTo: 2, nextRound: 2 });
  });

  it('holds reminders for people whose first recall message has not gone out yet', () => {
    const decision = decideEscalation(input({ awaitingFirstMessageIds: ['y'] }));
    expect(decision).toMatchObject({ action: 'escalate', remind: ['x'] });
  });

  it('lists a recalled id given twice only once', () => {
    const decision = decideEscalation(input({ recalledIds: ['x', 'x', 'y'] }));
    expect(decision).toMatchObject({ remind: ['x', 'y'] });
  });

  it('keeps reminding but stops widening once the whole trust is in the cohort', () => {
    const decision = decideEscalation(input({ wideningStage: 2 }));
    expect(decision).toMatchObject({ action: 'escalate', remind: ['x', 'y'], widenTo: null });
  });

  it('widens even when everyone recalled so far has answered', () => {
    const decision = decideEscalation(input({ recalledIds: ['a', 'b', 'u'] }));
    expect(decision).toMatchObject({ action: 'escalate', remind: [], widenTo: 1 });
  });

  it('does nothing when everyone has answered and the cohort cannot widen further', () => {
    const decision = decideEscalation(input({ recalledIds: ['a', 'b', 'u'], wideningStage: 2 }));
    expect(decision).toEqual({ action: 'none', reason: 'NOTHING_LEFT_TO_DO' });
  });

  it('does nothing once the attending target is met', () => {
    expect(decideEscalation(input({ attendingCount: 10 }))).toEqual({ action: 'none', reason: 'TARGET_MET' });
    expect(decideEscalation(input({ attendingCount: 12 }))).toEqual({ action: 'none', reason: 'TARGET_MET' });
  });

  it('escalates when one short of the target', () => {
    expect(decideEscalation(input({ attendingCount: 9 }))).toMatchObject({ action: 'escalate', shortfall: 1 });
  });

  it('does nothing without an attending target', () => {
    expect(decideEscalation(input({ attendingTarget: null }))).toEqual({ action: 'none', reason: 'NO_TARGET' });
  });

  it.each<IncidentState>(['standby', 'stood-down', 'cancelled'])('does nothing when the incident is %s', (state) => {
    expect(decideEscalation(input({ state }))).toEqual({ action: 'none', reason: 'NOT_DECLARED' });
  });

  it('stops after the last allowed round', () => {
    expect(decideEscalation(input({ round: 2, lastCompletedRound: 2 }))).toMatchObject({
      action: 'escalate',
      nextRound: 3,
    });
    expect(decideEscalation(input({ round: 3, lastCompletedRound: 3 }))).toEqual({
      action: 'none',
      reason: 'MAX_ROUNDS_REACHED',
    });
  });

  it('never escalates when no escalation rounds are allowed', () => {
    expect(decideEscalation(input({ maxRounds: 0 }))).toEqual({ action: 'none', reason: 'MAX_ROUNDS_REACHED' });
  });

  it('is safe to run twice: deciding for a round already escalated from does nothing', () => {
    const first = decideEscalation(input({ round: 0, lastCompletedRound: 0 }));
    expect(first).toMatchObject({ action: 'escalate', nextRound: 1 });
    // The service records nextRound; the same job delivered again now sees lastCompletedRound = 1.
    const second = decideEscalation(input({ round: 0, lastCompletedRound: 1 }));
    expect(second).toEqual({ action: 'none', reason: 'ROUND_ALREADY_DONE' });
  });

  it('ignores a job for a round that has not started', () => {
    expect(decideEscalation(input({ round: 2, lastCompletedRound: 1 }))).toEqual({
      action: 'none',
      reason: 'ROUND_NOT_STARTED',
    });
  });
});
