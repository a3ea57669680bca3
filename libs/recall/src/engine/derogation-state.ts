/**
 * The derogation lifecycle as NHS England runs it (pure): who may move a request from which state to
 * which, and what "overdue" means. docs/domain.md ("Derogations") has the table in words.
 *
 *   draft ──submit──▶ submitted ──forward──▶ pending ──approve──▶ approved ──revoke──▶ revoked
 *     │                  │                     ├──decline──▶ declined
 *     └──withdraw──┬─────┴────withdraw─────────┴──withdraw──▶ withdrawn
 *
 * The trust drafts, submits and may withdraw its own request until it is decided; NHS England (the
 * national operations role) forwards it to the union and records the union's answer, and records a
 * revocation of an approval.
 */
import type { Access } from '@app/core';

export const DEROGATION_STATUSES = ['draft', 'submitted', 'pending', 'approved', 'declined', 'withdrawn', 'revoked'] as const;
export type DerogationStatus = (typeof DEROGATION_STATUSES)[number];

export const DEROGATION_ACTIONS = ['submit', 'forward', 'approve', 'decline', 'withdraw', 'revoke'] as const;
export type DerogationAction = (typeof DEROGATION_ACTIONS)[number];

const TRANSITIONS: Readonly<Record<DerogationStatus, Partial<Record<DerogationAction, DerogationStatus>>>> = {
  draft: { submit: 'submitted', withdraw: 'withdrawn' },
  submitted: { forward: 'pending', withdraw: 'withdrawn' },
  pending: { approve: 'approved', decline: 'declined', withdraw: 'withdrawn' },
  approved: { revoke: 'revoked' },
  declined: {},
  withdrawn: {},
  revoked: {},
};

/**
 * Who may take each action (the route's access): `write` is a trust admin of the request's trust (or a
 * national admin), `national` is NHS England's national/regional operations role only. The trust must
 * not be able to approve its own request: approval is the union's, relayed by NHS England.
 */
export const DEROGATION_ACTION_ACCESS: Readonly<Record<DerogationAction, Access>> = {
  submit: 'write',
  withdraw: 'write',
  forward: 'national',
  approve: 'national',
  decline: 'national',
  revoke: 'national',
};

/** Awaiting a decision: these are the states a decision deadline applies to. */
export const UNDECIDED_STATUSES: readonly DerogationStatus[] = ['submitted', 'pending'];

export type DerogationTransitionResult =
  | { ok: true; action: DerogationAction; from: DerogationStatus; to: DerogationStatus }
  | { ok: false; code: 'ILLEGAL_DEROGATION_TRANSITION'; action: DerogationAction; from: DerogationStatus; allowed: DerogationAction[] };

export function applyDerogationAction(status: DerogationStatus, action: DerogationAction): DerogationTransitionResult {
  const to = TRANSITIONS[status][action];
  if (to === undefined) return { ok: false, code: 'ILLEGAL_DEROGATION_TRANSITION', action, from: status, allowed: allowedDerogationActions(status) };
  return { ok: true, action, from: status, to };
}

export function allowedDerogationActions(status: DerogationStatus): DerogationAction[] {
  return DEROGATION_ACTIONS.filter((action) => TRANSITIONS[status][action] !== undefined);
}

/**
 * Past its deadline and still undecided. The deadline itself is already late ("decided before"). An
 * overdue request is not closed: NHS England may still relay an answer, and the service records it as
 * late rather than refusing it — a late approval still keeps patients safe.
 */
export function isDecisionOverdue(derogation: { status: DerogationStatus; decisionDeadline: Date }, now: Date): boolean {
  return UNDECIDED_STATUSES.includes(derogation.status) && now.getTime() >= derogation.decisionDeadline.getTime();
}

/** A decision recorded at or after the deadline is kept, marked late. */
export function isLateDecision(action: DerogationAction, decisionDeadline: Date, now: Date): boolean {
  return (action === 'approve' || action === 'decline') && now.getTime() >= decisionDeadline.getTime();
}
