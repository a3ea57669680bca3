import { Clock, Transactions } from '@app/core';
import { Injectable, Logger } from '@nestjs/common';
import { decideEscalation, EscalationDecision } from '../engine/escalation';
import { IncidentAuditRepository } from '../incidents/incident-audit.repository';
import { MajorIncidentRepository } from '../incidents/major-incident.repository';
import { RecallReasonRef, RecallRepository } from './recall.repository';
import { escalationEndReason } from '../engine/recall-rules';
import { needsEscalationFigures, widenNeeds } from '../engine/fill-count';
import { RecallScheduler } from './recall-scheduler';
import { RecallService } from './recall.service';

export type EscalationOutcome =
  | { kind: 'missing' }
  | { kind: 'none'; reason: string }
  | { kind: 'escalated'; round: number; reminded: number; added: number };

/**
 * One escalation check (the job of round `round`): reload the incident under a row lock, ask the engine,
 * and store everything it decided — reminders, the wider cohort, the completed round, the audit entry —
 * in one transaction. A second run of the same job finds the round completed and does nothing, and a
 * run after stand-down finds the incident not declared.
 */
@Injectable()
export class EscalationService {
  private readonly logger = new Logger('RecallEscalation');

  constructor(
    private readonly transactions: Transactions,
    private readonly incidents: MajorIncidentRepository,
    private readonly recalls: RecallRepository,
    private readonly audit: IncidentAuditRepository,
    private readonly recall: RecallService,
    private readonly scheduler: RecallScheduler,
    private readonly clock: Clock,
  ) {}

  async escalate(trustId: string, incidentId: string, round: number): Promise<EscalationOutcome> {
    const subject: RecallReasonRef = { kind: 'incident', id: incidentId };
    const outcome = await this.transactions.run(async (tx) => {
      const locked = await this.incidents.lockById(tx, trustId, incidentId);
      if (!locked) return { result: { kind: 'missing' } as EscalationOutcome, delayMs: 0 };
      // Fill count: the needs are locked next (before any recall row, as answers do) and read as locked.
      await this.incidents.lockNeeds(tx, trustId, locked.needs.map((n) => n.id));
      const incident = locked.needs.length ? (await this.incidents.reload(tx, trustId, incidentId))! : locked;
      const now = this.clock.now();
      const everyone = await this.recalls.escalationState(tx, trustId, incidentId);
      const nextRound = round + 1;
      // By fill count, only the groups of needs still open are reminded, and attendance counts each need up to its number.
      const open = new Set(incident.needs.filter((n) => n.filledAt === null).map((n) => n.id));
      const recalled = incident.needs.length ? everyone.filter((r) => r.needId !== null && open.has(r.needId)) : everyone;
      const attendingByNeed = new Map<string, number>();
      for (const r of everyone) if (r.attending === true && r.needId) attendingByNeed.set(r.needId, (attendingByNeed.get(r.needId) ?? 0) + 1);
      const figures = incident.needs.length
        ? needsEscalationFigures(incident.needs, attendingByNeed)
        : { attending: everyone.filter((r) => r.attending === true).length, target: incident.attendingTarget, stage: incident.wideningStage };
      const decision: EscalationDecision = decideEscalation({
        state: incident.state,
        attendingCount: figures.attending,
        attendingTarget: figures.target,
        round,
        lastCompletedRound: incident.lastCompletedRound,
        maxRounds: incident.maxEscalationRounds,
        responses: new Map(recalled.filter((r) => r.attending !== null).map((r) => [r.staffId, r.attending ? 'attending' : 'unavailable'])),
        recalledIds: recalled.map((r) => r.staffId),
        remindersSentTo: recalled.filter((r) => r.lastRemindedRound !== null && r.lastRemindedRound >= nextRound).map((r) => r.staffId),
        wideningStage: figures.stage,
        awaitingFirstMessageIds: recalled.filter((r) => r.awaitingFirstMessage).map((r) => r.staffId),
      });

      if (decision.action === 'none') {
        const ended = escalationEndReason(decision.reason);
        if (ended && (await this.incidents.endEscalation(tx, trustId, incidentId, round, ended))) {
          await this.audit.append(tx, trustId, [{ subject, at: now, actor: { type: 'system' }, action: 'escalation-stopped', details: { round, reason: decision.reason } }]);
        }
        return { result: { kind: 'none', reason: decision.reason } as EscalationOutcome, delayMs: 0 };
      }

      const message = await this.recall.incidentMessage(tx, incident);
      const toRemind = new Set(decision.remind);
      const reminded = await this.recall.remind(
        tx,
        trustId,
        subject,
        recalled.filter((r) => toRemind.has(r.staffId)),
        decision.nextRound,
        message,
      );
      let added = 0;
      let widening: Record<string, unknown> | null = null;
      if (decision.widenTo !== null) {
        let target = incident;
        if (incident.needs.length) {
          // Each open need moves one group out on its own; the incident's stage records the furthest.
          await this.incidents.widenNeeds(tx, trustId, widenNeeds(incident.needs));
          target = (await this.incidents.reload(tx, trustId, incidentId))!;
        }
        const wider = await this.recall.recallForIncident(tx, target, decision.widenTo, decision.nextRound, now);
        added = wider.recalled;
        widening = { widenedTo: decision.widenTo, added, coalesced: wider.coalesced, blocked: wider.blocked, excluded: wider.excluded };
      }
      const delayMs = incident.escalateAfterSeconds * 1000;
      await this.incidents.completeRound(tx, trustId, incidentId, {
        from: round,
        to: decision.nextRound,
        wideningStage: Math.max(decision.widenTo ?? incident.wideningStage, incident.wideningStage) as typeof incident.wideningStage,
        nextEscalationAt: new Date(now.getTime() + delayMs),
      });
      await this.audit.append(tx, trustId, [
        {
          subject,
          at: now,
          actor: { type: 'system' },
          action: 'escalation',
          details: { round: decision.nextRound, shortfall: decision.shortfall, reminded, ...(widening ?? { widenedTo: null, added: 0 }) },
        },
      ]);
      return { result: { kind: 'escalated', round: decision.nextRound, reminded, added } as EscalationOutcome, delayMs };
    });

    const result = outcome.result;
    if (result.kind === 'escalated') {
      await this.scheduler.scheduleEscalation(trustId, incidentId, result.round, outcome.delayMs);
      this.logger.log({ msg: 'recall escalated', trustId, incidentId, round: result.round, reminded: result.reminded, added: result.added });
    } else {
      this.logger.log({ msg: 'recall not escalated', trustId, incidentId, round, outcome: result.kind === 'none' ? result.reason : 'incident not found' });
    }
    return result;
  }
}
