export * from './recall.module';
export * from './recall-worker.module';
export * from './recall.errors';
export * from './engine/incident-state';
export { escalationJobId, derogationRecallJobId } from './recall/recall-scheduler';
export type { EscalateRecallJob, StartDerogationRecallJob } from './jobs/recall-jobs';
export { MajorIncidentService } from './incidents/major-incident.service';
// What the escalation and deferred-recall jobs run, for tests that drive them directly.
export { EscalationService } from './recall/escalation.service';
export { DerogationRecallService } from './derogations/derogation-recall.service';
export type { IncidentChange, IncidentView, RecallStart } from './incidents/major-incident.service';
export type { RollCallReport } from './recall/recall.service';
export type { AuditRecord } from './incidents/incident-audit.repository';
export { CreateMajorIncidentDto } from './incidents/major-incident.dto';
export { toRollCallResponse } from './recall/roll-call.dto';
export type { RollCallResponseDto } from './recall/roll-call.dto';
// Issue 12's building blocks (two-way SMS): the reply parser, wired to Notify's received texts next.
export * from './engine/recall-reply';
