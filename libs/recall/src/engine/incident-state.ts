/**
 * Major-incident state machine (pure).
 *
 *   standby ──declare──▶ declared ──stand-down──▶ stood-down
 *      │                    │
 *      └──────cancel────────┴──────────────────▶ cancelled
 *
 * `stood-down` and `cancelled` are terminal: an incident that needs to come back is a new incident, so
 * the audit trail of the first one (who declared it, who was recalled) is never rewritten.
 */

export const INCIDENT_STATES = ['standby', 'declared', 'stood-down', 'cancelled'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INCIDENT_ACTIONS = ['declare', 'stand-down', 'cancel'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

export const INCIDENT_LEVELS = ['business-continuity', 'critical', 'major'] as const;
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];

export type IncidentTransitionErrorCode = 'ILLEGAL_TRANSITION';

export type IncidentTransitionResult =
  | {
      ok: true;
      action: IncidentAction;
      from: IncidentState;
      to: IncidentState;
      /**
       * The incident has ended, so everyone recalled must be told and escalation must stop. True for
       * stand-down and for cancel: a declared incident that is cancelled was declared in error, and
       * the staff already recalled are travelling in just the same. Cancelling from standby also says
       * true; nobody was recalled then, so the list the service sends to is simply empty.
       */
      endsRecall: boolean;
    }
  | {
      ok: false;
      code: IncidentTransitionErrorCode;
      action: IncidentAction;
      from: IncidentState;
      /** The state the action leads to; lets the caller see a repeated request (`from === to`). */
      to: IncidentState;
    };

const TARGET: Readonly<Record<IncidentAction, IncidentState>> = {
  declare: 'declared',
  'stand-down': 'stood-down',
  cancel: 'cancelled',
};

const ALLOWED_FROM: Readonly<Record<IncidentAction, readonly IncidentState[]>> = {
  declare: ['standby'],
  'stand-down': ['declared'],
  // Cancel is allowed from declared too (declared in error); standing down a standby incident is not a
  // thing, it was never declared, so stand-down stays declared-only.
  cancel: ['standby', 'declared'],
};

const TERMINAL: ReadonlySet<IncidentState> = new Set<IncidentState>(['stood-down', 'cancelled']);

export function isIncidentState(value: unknown): value is IncidentState {
  return typeof value === 'string' && (INCIDENT_STATES as readonly string[]).includes(value);
}

export function isIncidentAction(value: unknown): value is IncidentAction {
  return typeof value === 'string' && (INCIDENT_ACTIONS as readonly string[]).includes(value);
}

export function isIncidentLevel(value: unknown): value is IncidentLevel {
  return typeof value === 'string' && (INCIDENT_LEVELS as readonly string[]).includes(value);
}

export function isTerminalIncidentState(state: IncidentState): boolean {
  return TERMINAL.has(state);
}

/**
 * Repeating an action (declaring a declared incident) is reported as ILLEGAL_TRANSITION, not silently
 * accepted: the API maps it to 409 and the error carries `from === to`, so a caller that wants
 * retry-idempotency can recognise it without this function guessing intent.
 */
export function applyTransition(state: IncidentState, action: IncidentAction): IncidentTransitionResult {
  const to = TARGET[action];
  if (!ALLOWED_FROM[action].includes(state)) {
    return { ok: false, code: 'ILLEGAL_TRANSITION', action, from: state, to };
  }
  return { ok: true, action, from: state, to, endsRecall: TERMINAL.has(to) };
}

/** Every action that is legal from `state`, e.g. to show buttons or list in a 409 message. */
export function allowedActions(state: IncidentState): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((action) => ALLOWED_FROM[action].includes(state));
}

/**
 * An incident can be created already declared (the API takes `state`), but never straight into a
 * terminal state: there would be nothing to audit and nobody to tell.
 */
export function isValidInitialState(state: IncidentState): boolean {
  return state === 'standby' || state === 'declared';
}

/**
 * Only a declared incident at level `major` recalls striking staff. Business-continuity and critical
 * incidents are handled by the staff on duty (and, for patient safety outside a major incident, by a
 * derogation request), so they are tracked but start no recall.
 */
export function triggersRecall(level: IncidentLevel, state: IncidentState): boolean {
  return level === 'major' && state === 'declared';
}
