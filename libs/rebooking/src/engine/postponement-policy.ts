import { sqlStringList } from '@app/core';
import type { OutpatientUrgency, SurgicalPriority } from './engine.types';

/**
 * What a walkout keeps (docs/domain.md: emergency, critical care, maternity, neonatal; cancer two-week-wait
 * referrals; surgical priorities P1a ≤ 24 h and P1b ≤ 72 h). Everything else in the window at the
 * affected sites is postponed.
 *
 * The policy is written once as data; `keepReason` applies it in code (specs, previews) and
 * `keepReasonSql` builds the same rule for the set-based queries, so the two cannot drift apart.
 */
export const KEPT_DEPARTMENT_KINDS = ['emergency', 'maternity', 'intensive-care', 'neonatal'] as const;
export const KEPT_URGENCIES: readonly OutpatientUrgency[] = ['two-week-wait'];
export const KEPT_SURGICAL_PRIORITIES: readonly SurgicalPriority[] = ['P1a', 'P1b'];

/** Why an appointment is kept; the first that applies, in this order. */
export const KEEP_REASONS = ['critical-department', 'P1a', 'P1b', 'two-week-wait'] as const;
export type KeepReason = (typeof KEEP_REASONS)[number];

export interface PolicyInput {
  /** Kind of the slot's department; null when the slot names none. */
  departmentKind: string | null;
  urgency: OutpatientUrgency;
  surgicalPriority: SurgicalPriority | null;
}

export function keepReason(appointment: PolicyInput): KeepReason | null {
  if (appointment.departmentKind !== null && (KEPT_DEPARTMENT_KINDS as readonly string[]).includes(appointment.departmentKind)) return 'critical-department';
  if (appointment.surgicalPriority !== null && KEPT_SURGICAL_PRIORITIES.includes(appointment.surgicalPriority)) return appointment.surgicalPriority as 'P1a' | 'P1b';
  if (KEPT_URGENCIES.includes(appointment.urgency)) return 'two-week-wait';
  return null;
}

/**
 * The SQL twin of keepReason over an appointment `a` and its slot `s`: a CASE giving the reason, NULL when
 * the appointment is to be postponed. The department rule arrives as `keptDepartmentIds`, an SQL array
 * expression (a parameter such as `$8::uuid[]`) holding the ids of the trust's departments whose kind is
 * in KEPT_DEPARTMENT_KINDS, fetched beforehand through organisations' DepartmentKinds port. Built from the
 * constants above only, never from input.
 */
export function keepReasonSql(keptDepartmentIds: string, appointment = 'a', slot = 's'): string {
  return `CASE
    WHEN ${slot}.department_id = ANY(${keptDepartmentIds}) THEN 'critical-department'
    WHEN ${appointment}.surgical_priority IN (${sqlStringList(KEPT_SURGICAL_PRIORITIES)}) THEN ${appointment}.surgical_priority
    WHEN ${appointment}.urgency IN (${sqlStringList(KEPT_URGENCIES)}) THEN 'two-week-wait'
  END`;
}
