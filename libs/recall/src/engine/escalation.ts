/**
 * Recall escalation decision (pure).
 *
 * Rounds: round 0 is the initial recall; round k ≥ 1 is the k-th escalation. When a round's wait is
 * over, a job `escalate-<incidentId>-<round>` reloads the incident and calls
 * `decideEscalation` with that `round`. On `escalate` the service sends the reminders, widens the cohort
 * (selectRecallCohort with `widenTo`) and records `nextRound` as the last completed round, in one
 * transaction, then schedules the job for `nextRound`.
 */
import { IncidentState } from './incident-state';
import { WIDEST_STAGE, WideningStage } from './recall-cohort';

export type RecallResponseKind = 'attending' | 'unavailable';

export type ResponseLookup =
  | ReadonlyMap<string, RecallResponseKind>
  | Readonly<Record<string, RecallResponseKind | undefined>>;

export interface EscalationInput {
  state: IncidentState;
  /** People attending now. Passed in rather than counted from `responses` so the service may count
   *  arrivals recorded at the control desk as well as link answers. */
  attendingCount: number;
  /** null = no target set: nothing to measure "too few" against, so no escalation (see below). */
  attendingTarget: number | null;
  /** The round whose wait has just ended (from the job). */
  round: number;
  /** The highest round already carried out (stored on the incident); 0 = only the initial recall. */
  lastCompletedRound: number;
  /** The most escalation rounds allowed; round numbers above it are never started. */
  maxRounds: number;
  /** staffId → answer; an absent id has not answered. */
  responses: ResponseLookup;
  recalledIds: readonly string[];
  /** Ids already reminded in `round + 1` — a previous attempt of this same decision that sent some
   *  reminders and then failed before recording the round. */
  remindersSentTo: Iterable<string>;
  wideningStage: WideningStage;
  /** Recalled staff whose first recall message has not gone to the provider yet (still pending or
   *  queued behind a large cohort). Not reminded: the first message is still coming, and a reminder
   *  queued behind it would only double the texts. Optional; absent = everyone has been sent one. */
  awaitingFirstMessageIds?: Iterable<string>;
}

export type EscalationNoneReason =
  | 'NOT_DECLARED'
  /** This round has already been escalated from (the job ran twice, or ran late). */
  | 'ROUND_ALREADY_DONE'
  /** The job is for a round that has not started yet: stored state and job disagree, do nothing. */
  | 'ROUND_NOT_STARTED'
  | 'TARGET_MET'
  | 'NO_TARGET'
  | 'MAX_ROUNDS_REACHED'
  /** Everyone recalled has answered and the cohort is as wide as it goes. */
  | 'NOTHING_LEFT_TO_DO';

export type EscalationDecision =
  | { action: 'none'; reason: EscalationNoneReason }
  | {
      action: 'escalate';
      /** Non-responders to remind in `nextRound`, in `recalledIds` order. */
      remind: string[];
      /** The stage to widen the cohort to, or null when it is already the widest. */
      widenTo: WideningStage | null;
      nextRound: number;
      /** How many more attendees the target needs. */
      shortfall: number;
    };

export function decideEscalation(input: EscalationInput): EscalationDecision {
  // Stand-down and cancel stop every further message; only a live incident escalates.
  if (input.state !== 'declared') return none('NOT_DECLARED');

  // Idempotency: a job delivered twice, or one overtaken by a later round, must do nothing.
  if (input.lastCompletedRound > input.round) return none('ROUND_ALREADY_DONE');
  if (input.lastCompletedRound < input.round) return none('ROUND_NOT_STARTED');

  // Without a target there is no "too few"; widening to every site of the trust on a timer alone
  // would recall far more people than needed. The service should default the target when creating
  // the incident rather than rely on this.
  if (input.attendingTarget === null) return none('NO_TARGET');
  if (input.attendingCount >= input.attendingTarget) return none('TARGET_MET');

  const nextRound = input.round + 1;
  if (nextRound > input.maxRounds) return none('MAX_ROUNDS_REACHED');

  const alreadyReminded = new Set(input.remindersSentTo);
  const awaitingFirst = new Set(input.awaitingFirstMessageIds ?? []);
  const remind: string[] = [];
  let nonResponders = 0;
  const seen = new Set<string>();
  for (const id of input.recalledIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    // Once someone answers — either way — we stop messaging them (PRODUCT: "stop messaging them").
    if (responseOf(input.responses, id) !== undefined) continue;
    nonResponders += 1;
    if (alreadyReminded.has(id) || awaitingFirst.has(id)) continue;
    remind.push(id);
  }

  const widenTo = input.wideningStage < WIDEST_STAGE ? ((input.wideningStage + 1) as WideningStage) : null;

  // Burning a round with nobody left to chase would only use up maxRounds; say so instead, so the
  // control room knows the recall has reached everyone it can. Counted on non-responders, not on
  // `remind`: if a crashed attempt already reminded them all, this retry must still escalate (with an
  // empty `remind`) so the round gets recorded and the next one scheduled.
  if (nonResponders === 0 && widenTo === null) return none('NOTHING_LEFT_TO_DO');

  return {
    action: 'escalate',
    remind,
    widenTo,
    nextRound,
    shortfall: input.attendingTarget - input.attendingCount,
  };
}

function none(reason: EscalationNoneReason): EscalationDecision {
  return { action: 'none', reason };
}

function responseOf(lookup: ResponseLookup, staffId: string): RecallResponseKind | undefined {
  if (lookup instanceof Map) return lookup.get(staffId);
  const record = lookup as Readonly<Record<string, RecallResponseKind | undefined>>;
  // Object.hasOwn: an id such as "constructor" must not read Object.prototype.
  return Object.hasOwn(record, staffId) ? record[staffId] : undefined;
}
