/**
 * Derogation requests: recalling striking staff for patient safety outside a major incident (pure).
 *
 * The trust asks, with evidence that other options are exhausted (the structured evidence is
 * derogation-evidence.ts, the lifecycle derogation-state.ts); nobody is recalled until the request is
 * approved, and it should be decided before its deadline. A `failsafe` request (an external
 * mass-casualty event) recalls at once, in parallel with the decision, and is flagged for audit.
 * `now` is always passed in so these stay pure and testable.
 */
import { DateTime } from 'luxon';
import { DerogationStatus, isDecisionOverdue } from './derogation-state';

export type { DerogationStatus } from './derogation-state';

export type DerogationTarget =
  | { kind: 'staff'; staffNumbers: string[] }
  | { kind: 'department'; departmentId: string; count: number };

/** Loosely typed on purpose: workers call this with data that never went through an HTTP pipe. */
export interface DerogationRequestInput {
  staffNumbers?: unknown;
  departmentId?: unknown;
  count?: unknown;
  evidence?: unknown;
  /** ISO 8601 with an offset, or a Date. */
  decisionDeadline?: unknown;
  failsafe?: unknown;
  /** Save without submitting (nothing leaves the trust). */
  draft?: unknown;
}

export interface ValidDerogationRequest {
  target: DerogationTarget;
  evidence: string;
  decisionDeadline: Date;
  failsafe: boolean;
  draft: boolean;
}

/** Same shape as the API's error `details`. */
export interface ValidationDetail {
  field: string;
  message: string;
}

export type DerogationValidationResult =
  | { ok: true; value: ValidDerogationRequest }
  | { ok: false; code: 'VALIDATION_FAILED'; details: ValidationDetail[] };

/** Every problem is reported at once, like the bulk imports: one round trip to fix the request. */
export function validateDerogationRequest(input: DerogationRequestInput, now: Date): DerogationValidationResult {
  const details: ValidationDetail[] = [];
  const target = validateTarget(input, details);
  const evidence = validateEvidence(input.evidence, details);
  const decisionDeadline = validateDeadline(input.decisionDeadline, now, details);
  const failsafe = validateFlag(input.failsafe, 'failsafe', details);
  const draft = validateFlag(input.draft, 'draft', details);

  if (details.length > 0 || target === null || evidence === null || decisionDeadline === null || failsafe === null || draft === null) {
    return { ok: false, code: 'VALIDATION_FAILED', details };
  }
  return { ok: true, value: { target, evidence, decisionDeadline, failsafe, draft } };
}

function isGiven(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function validateTarget(input: DerogationRequestInput, details: ValidationDetail[]): DerogationTarget | null {
  const byStaff = isGiven(input.staffNumbers);
  const byDepartment = isGiven(input.departmentId) || isGiven(input.count);

  // Exactly one way of saying who: mixing them leaves it unclear whether the named people are part of
  // the count or on top of it.
  if (byStaff && byDepartment) {
    details.push({ field: 'staffNumbers', message: 'give either staffNumbers or departmentId with count, not both' });
    return null;
  }
  if (!byStaff && !byDepartment) {
    details.push({ field: 'staffNumbers', message: 'give staffNumbers, or departmentId with count' });
    return null;
  }

  if (byStaff) {
    if (!Array.isArray(input.staffNumbers) || input.staffNumbers.length === 0) {
      details.push({ field: 'staffNumbers', message: 'must be a non-empty list of staff numbers' });
      return null;
    }
    const staffNumbers: string[] = [];
    let bad = false;
    input.staffNumbers.forEach((value: unknown, index: number) => {
      if (typeof value !== 'string' || value.trim() === '') {
        details.push({ field: `staffNumbers[${index}]`, message: 'must be a non-empty staff number' });
        bad = true;
        return;
      }
      // A repeated number is harmless (the same person, asked once), so it is folded, not refused.
      const trimmed = value.trim();
      if (!staffNumbers.includes(trimmed)) staffNumbers.push(trimmed);
    });
    return bad ? null : { kind: 'staff', staffNumbers };
  }

  let ok = true;
  const { departmentId, count } = input;
  if (typeof departmentId !== 'string' || departmentId.trim() === '') {
    details.push({ field: 'departmentId', message: 'is required with count and must be a non-empty id' });
    ok = false;
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    details.push({ field: 'count', message: 'is required with departmentId and must be a whole number of at least 1' });
    ok = false;
  }
  return ok ? { kind: 'department', departmentId: (departmentId as string).trim(), count: count as number } : null;
}

function validateEvidence(evidence: unknown, details: ValidationDetail[]): string | null {
  // The evidence is the whole case for overriding a lawful strike; whitespace is not evidence.
  if (typeof evidence !== 'string' || evidence.trim() === '') {
    details.push({ field: 'evidence', message: 'is required: show that other options are exhausted' });
    return null;
  }
  return evidence.trim();
}

// A time zone offset (or Z) at the end of the time: the API takes times "with offset", and a bare
// local time would be read in the server's zone, not the trust's.
const ISO_WITH_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

function validateDeadline(value: unknown, now: Date, details: ValidationDetail[]): Date | null {
  let deadline: DateTime | null = null;
  if (value instanceof Date) {
    deadline = DateTime.fromJSDate(value);
  } else if (typeof value === 'string' && ISO_WITH_OFFSET.test(value.trim())) {
    deadline = DateTime.fromISO(value.trim(), { setZone: true });
  } else if (typeof value === 'string') {
    details.push({ field: 'decisionDeadline', message: 'must be an ISO 8601 date-time with an offset' });
    return null;
  }
  if (deadline === null) {
    details.push({ field: 'decisionDeadline', message: 'is required' });
    return null;
  }
  if (!deadline.isValid) {
    details.push({ field: 'decisionDeadline', message: 'must be a valid date-time' });
    return null;
  }
  if (deadline.toMillis() <= now.getTime()) {
    details.push({ field: 'decisionDeadline', message: 'must be in the future' });
    return null;
  }
  return deadline.toJSDate();
}

function validateFlag(value: unknown, field: string, details: ValidationDetail[]): boolean | null {
  if (!isGiven(value)) return false;
  if (typeof value !== 'boolean') {
    details.push({ field, message: 'must be true or false' });
    return null;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------------
// Recall permission

export interface DerogationState {
  status: DerogationStatus;
  decisionDeadline: Date;
  failsafe: boolean;
}

export type RecallPermissionReason =
  | 'APPROVED'
  | 'DRAFT'
  | 'AWAITING_APPROVAL'
  /** Undecided past its deadline: still nobody recalled, and the request is flagged as overdue. */
  | 'DECISION_OVERDUE'
  | 'DECLINED'
  | 'WITHDRAWN'
  | 'REVOKED'
  /** Failsafe: recalling in parallel while the decision is pending. */
  | 'FAILSAFE_PENDING_DECISION'
  /** Failsafe whose deadline passed undecided: the recall carries on, and the audit says so. */
  | 'FAILSAFE_DECISION_OVERDUE';

export interface RecallPermission {
  mayRecall: boolean;
  /** Recall went (or goes) ahead without an approval first: must be flagged and audited. */
  flagged: boolean;
  /** Anyone already recalled must be told to stand down (a declined failsafe, a withdrawal, a revocation). */
  standDownRecalled: boolean;
  reason: RecallPermissionReason;
}

/**
 * A failsafe recall depends on the decision only for being stopped: a decline, a withdrawal or a
 * revocation stops it, but a decision that simply has not come (pending or past its deadline) does not —
 * the event is external and the patients are arriving either way. A failsafe stays flagged even once
 * approved, because people were recalled before the approval existed. A draft recalls nobody, failsafe
 * or not: nobody outside the trust has seen it.
 */
export function recallPermission(derogation: DerogationState, now: Date): RecallPermission {
  const { failsafe } = derogation;
  const stop = (reason: RecallPermissionReason, standDownRecalled: boolean): RecallPermission => ({ mayRecall: false, flagged: failsafe, standDownRecalled, reason });
  switch (derogation.status) {
    case 'approved':
      return { mayRecall: true, flagged: failsafe, standDownRecalled: false, reason: 'APPROVED' };
    case 'declined':
      return stop('DECLINED', failsafe);
    case 'withdrawn':
      return stop('WITHDRAWN', true);
    case 'revoked':
      return stop('REVOKED', true);
    case 'draft':
      return { mayRecall: false, flagged: false, standDownRecalled: false, reason: 'DRAFT' };
    case 'submitted':
    case 'pending': {
      const overdue = isDecisionOverdue(derogation, now);
      if (failsafe) return { mayRecall: true, flagged: true, standDownRecalled: false, reason: overdue ? 'FAILSAFE_DECISION_OVERDUE' : 'FAILSAFE_PENDING_DECISION' };
      return { mayRecall: false, flagged: false, standDownRecalled: false, reason: overdue ? 'DECISION_OVERDUE' : 'AWAITING_APPROVAL' };
    }
  }
}
