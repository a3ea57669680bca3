/**
 * The per-trust message budget (pure): which budget a message draws on, the periods it is counted in,
 * and whether a command that would queue more messages fits.
 *
 * Three budgets, because the trust's operations team would never trade one for another:
 *  - `patient-notices` (postponement, rebooking offer, confirmation): the bulk, and the bill;
 *  - `staff-messages` (cover shifts and their cancellations): small, and what a careless assign/remove
 *    loop runs up;
 *  - `recall` (recall, reminder, stand-down): never refused. A major incident must never wait on a
 *    budget that routine traffic used up; recall traffic is bounded by coalescing instead (one recall
 *    message per person per window, stand-downs held briefly) and is counted so it shows on /metrics.
 *
 * Periods are the clock hour and the UTC day (the day GOV.UK Notify counts its own limits by), so a
 * refusal can say exactly when the budget frees up.
 */
import { HOUR_MS, MessageBudgetLimits, MessagingLimits } from '@app/core';
import { NotifyPurpose } from '../messages/notify-purpose';

export const MESSAGE_BUDGETS = ['patient-notices', 'staff-messages', 'recall'] as const;
export type MessageBudgetName = (typeof MESSAGE_BUDGETS)[number];

export const BUDGET_PERIODS = ['hour', 'day'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

const BUDGET_OF: Record<NotifyPurpose, MessageBudgetName> = {
  'walkout-postponement': 'patient-notices',
  'rebooking-offer': 'patient-notices',
  'rebooking-confirmed': 'patient-notices',
  'cover-shift': 'staff-messages',
  'cover-shift-cancelled': 'staff-messages',
  'cover-request': 'staff-messages',
  recall: 'recall',
  'recall-reminder': 'recall',
  'recall-stand-down': 'recall',
  'participation-declaration': 'staff-messages',
};

export function budgetOf(purpose: NotifyPurpose): MessageBudgetName {
  return BUDGET_OF[purpose];
}

/** null: never refused (recall traffic). */
export function budgetLimits(budget: MessageBudgetName, limits: MessagingLimits): MessageBudgetLimits | null {
  switch (budget) {
    case 'patient-notices':
      return limits.patientNotices;
    case 'staff-messages':
      return limits.staffMessages;
    case 'recall':
      return null;
  }
}

export function limitOf(limits: MessageBudgetLimits, period: BudgetPeriod): number {
  return period === 'hour' ? limits.perHour : limits.perDay;
}

const DAY_MS = 24 * HOUR_MS;

/** Start of the clock hour (UTC; the same instant in London) or of the UTC day containing `at`. */
export function periodStart(period: BudgetPeriod, at: Date): Date {
  const size = period === 'hour' ? HOUR_MS : DAY_MS;
  return new Date(Math.floor(at.getTime() / size) * size);
}

export function periodEnd(period: BudgetPeriod, at: Date): Date {
  return new Date(periodStart(period, at).getTime() + (period === 'hour' ? HOUR_MS : DAY_MS));
}

/** A budget period's count after this command's messages were added to it. */
export interface BudgetUsage {
  budget: MessageBudgetName;
  period: BudgetPeriod;
  used: number;
}

export interface BudgetRefusal {
  budget: MessageBudgetName;
  period: BudgetPeriod;
  limit: number;
  /** Already used in the period before this command. */
  usedBefore: number;
  /** What this command would add. */
  requested: number;
  /** When the period ends and its whole allowance is free again. */
  freesAt: Date;
}

/**
 * The first budget period the command overflows (day before hour: the longer wait is the one to
 * report), or null when it fits. `after` is each period's count including the command's messages.
 */
export function firstOverflow(after: BudgetUsage[], requested: ReadonlyMap<MessageBudgetName, number>, limits: MessagingLimits, now: Date): BudgetRefusal | null {
  const order = [...after].sort((a, b) => (a.period === b.period ? 0 : a.period === 'day' ? -1 : 1));
  for (const usage of order) {
    const budget = budgetLimits(usage.budget, limits);
    if (!budget) continue;
    const limit = limitOf(budget, usage.period);
    if (usage.used <= limit) continue;
    const adding = requested.get(usage.budget) ?? 0;
    return { budget: usage.budget, period: usage.period, limit, usedBefore: usage.used - adding, requested: adding, freesAt: periodEnd(usage.period, now) };
  }
  return null;
}

const BUDGET_VARIABLE: Record<MessageBudgetName, string> = {
  'patient-notices': 'MESSAGE_BUDGET_PATIENT',
  'staff-messages': 'MESSAGE_BUDGET_STAFF',
  recall: '',
};

const BUDGET_WORDS: Record<MessageBudgetName, string> = {
  'patient-notices': 'patient notices',
  'staff-messages': 'staff messages',
  recall: 'recall messages',
};

export function describeRefusal(refusal: BudgetRefusal): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  const period = refusal.period === 'hour' ? 'hourly' : 'daily';
  const window = refusal.period === 'hour' ? 'this hour' : 'today (UTC)';
  const what = `This would queue ${n(refusal.requested)} ${BUDGET_WORDS[refusal.budget]}, but the trust's ${period} budget is ${n(refusal.limit)}`;
  if (refusal.requested > refusal.limit) {
    const variable = `${BUDGET_VARIABLE[refusal.budget]}_PER_${refusal.period.toUpperCase()}`;
    return `${what}: more than the whole budget, so it can never fit. Nothing was changed. Split the work, or ask the service's operators to raise ${variable}.`;
  }
  return `${what} and ${n(refusal.usedBefore)} are already queued ${window}. Nothing was changed. The budget frees up at ${refusal.freesAt.toISOString()}.`;
}
