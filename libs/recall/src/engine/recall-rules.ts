/**
 * Small rules the recall services apply around the engine (pure).
 */
import { EscalationNoneReason } from './escalation';
import { CohortExclusionReason } from './recall-cohort';
import { RecallNotificationStatus } from './roll-call';
import { EscalationEndedReason } from '../incidents/major-incident.repository';

/** Every CohortExclusionReason of the engine, for the API's documentation. */
export const COHORT_EXCLUSION_REASONS: readonly CohortExclusionReason[] = [
  'ALREADY_RECALLED',
  'NOT_STRIKING_GROUP',
  'SITE_NOT_IN_WALKOUT',
  'DECLARED_WORKING',
  'OUTSIDE_SCOPE',
  'NO_CONTACT',
];

/** Our notification statuses as the roll-call counts them. A withdrawn message never reached anyone. */
export function toRollCallStatus(status: string | null): RecallNotificationStatus {
  switch (status) {
    case 'pending':
    case 'queued':
    case 'sending':
    case 'sent':
    case 'delivered':
    case 'permanent-failure':
    case 'temporary-failure':
    case 'technical-failure':
      return status;
    case null:
      return 'pending';
    default:
      return 'failed';
  }
}

/**
 * Escalation measures attendance against a target; without one it never escalates (NO_TARGET). When
 * the trust gives none, we aim for everyone recalled in the first round to come (at least one person),
 * so a recall that finds nobody at the affected sites still widens to find someone.
 */
export function defaultAttendingTarget(given: number | null, firstRoundCohort: number): number {
  return given ?? Math.max(1, firstRoundCohort);
}

/** Reasons after which no later check can escalate, so the chain of delayed checks stops. */
export function escalationEndReason(reason: EscalationNoneReason): EscalationEndedReason | null {
  switch (reason) {
    case 'TARGET_MET':
    case 'NO_TARGET':
    case 'MAX_ROUNDS_REACHED':
    case 'NOTHING_LEFT_TO_DO':
      return reason;
    case 'NOT_DECLARED':
    case 'ROUND_ALREADY_DONE':
    case 'ROUND_NOT_STARTED':
      return null;
  }
}

export function countExclusions(reasons: Iterable<CohortExclusionReason>): Partial<Record<CohortExclusionReason, number>> {
  const counts: Partial<Record<CohortExclusionReason, number>> = {};
  for (const reason of reasons) counts[reason] = (counts[reason] ?? 0) + 1;
  return counts;
}
