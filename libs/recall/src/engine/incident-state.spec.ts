import {
  INCIDENT_ACTIONS,
  INCIDENT_LEVELS,
  INCIDENT_STATES,
  IncidentAction,
  IncidentState,
  allowedActions,
  applyTransition,
  isIncidentAction,
  isIncidentLevel,
  isIncidentState,
  isTerminalIncidentState,
  isValidInitialState,
  triggersRecall,
} from './incident-state';

describe('applyTransition', () => {
  it('declares an incident on standby', () => {
    expect(applyTransition('standby', 'declare')).toEqual({
      ok: true,
      action: 'declare',
      from: 'standby',
      to: 'declared',
      endsRecall: false,
    });
  });

  it('stands down a declared incident and says the recalled staff must be told', () => {
    expect(applyTransition('declared', 'stand-down')).toEqual({
      ok: true,
      action: 'stand-down',
      from: 'declared',
      to: 'stood-down',
      endsRecall: true,
    });
  });

  it('cancels a declared incident (declared in error) and still tells the recalled staff', () => {
    expect(applyTransition('declared', 'cancel')).toEqual({
      ok: true,
      action: 'cancel',
      from: 'declared',
      to: 'cancelled',
      endsRecall: true,
    });
  });

  it('cancels an incident that never left standby', () => {
    const result = applyTransition('standby', 'cancel');
    expect(result.ok).toBe(true);
    expect(result.to).toBe('cancelled');
  });

  it('refuses to stand down an incident that was never declared', () => {
    expect(applyTransition('standby', 'stand-down')).toEqual({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      action: 'stand-down',
      from: 'standby',
      to: 'stood-down',
    });
  });

  it('refuses to declare an incident twice and shows it as a repeat (from equals to)', () => {
    const result = applyTransition('declared', 'declare');
    expect(result).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION', from: 'declared', to: 'declared' });
  });

  it.each<[IncidentState, IncidentAction]>([
    ['stood-down', 'declare'],
    ['stood-down', 'stand-down'],
    ['stood-down', 'cancel'],
    ['cancelled', 'declare'],
    ['cancelled', 'stand-down'],
    ['cancelled', 'cancel'],
  ])('keeps a finished incident finished: %s cannot %s', (state, action) => {
    const result = applyTransition(state, action);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ code: 'ILLEGAL_TRANSITION', from: state });
  });

  it('allows exactly four transitions over the whole state × action table', () => {
    const legal: string[] = [];
    for (const state of INCIDENT_STATES) {
      for (const action of INCIDENT_ACTIONS) {
        if (applyTransition(state, action).ok) legal.push(`${state}:${action}`);
      }
    }
    expect(legal.sort()).toEqual(['declared:cancel', 'declared:stand-down', 'standby:cancel', 'standby:declare']);
  });
});

describe('allowedActions', () => {
  it('lists what can still happen to an incident', () => {
    expect(allowedActions('standby')).toEqual(['declare', 'cancel']);
    expect(allowedActions('declared')).toEqual(['stand-down', 'cancel']);
    expect(allowedActions('stood-down')).toEqual([]);
    expect(allowedActions('cancelled')).toEqual([]);
  });
});

describe('state helpers', () => {
  it('treats stood-down and cancelled as terminal and nothing else', () => {
    expect(INCIDENT_STATES.filter(isTerminalIncidentState)).toEqual(['stood-down', 'cancelled']);
  });

  it('lets an incident be created on standby or already declared, never finished', () => {
    expect(INCIDENT_STATES.filter(isValidInitialState)).toEqual(['standby', 'declared']);
  });

  it('recognises only the known states, actions and levels', () => {
    expect(isIncidentState('declared')).toBe(true);
    expect(isIncidentState('stood_down')).toBe(false);
    expect(isIncidentState(undefined)).toBe(false);
    expect(isIncidentAction('stand-down')).toBe(true);
    expect(isIncidentAction('undeclare')).toBe(false);
    expect(isIncidentLevel('major')).toBe(true);
    expect(isIncidentLevel('Major')).toBe(false);
  });
});

describe('triggersRecall', () => {
  it('recalls striking staff only for a declared major incident', () => {
    const triggering: string[] = [];
    for (const level of INCIDENT_LEVELS) {
      for (const state of INCIDENT_STATES) {
        if (triggersRecall(level, state)) triggering.push(`${level}:${state}`);
      }
    }
    expect(triggering).toEqual(['major:declared']);
  });

  it('does not recall for a critical incident even when declared', () => {
    expect(triggersRecall('critical', 'declared')).toBe(false);
  });

  it('does not recall for a major incident still on standby', () => {
    expect(triggersRecall('major', 'standby')).toBe(false);
  });
});
