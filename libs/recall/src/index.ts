export * from './recall.module';
export * from './recall-worker.module';
export * from './recall.errors';
export * from './engine/incident-state';
export { escalationJobId, derogationRecallJobId } from './recall-scheduler';
export { MajorIncidentService } from './major-incident.service';
export type { IncidentChange, IncidentView, RecallStart } from './major-incident.service';
export type { RollCallReport } from './recall.service';
export type { AuditRecord } from './incident-audit.repository';
export { CreateMajorIncidentDto } from './dto/major-incident.dto';
export { toRollCallResponse } from './dto/roll-call.dto';
export type { RollCallResponseDto } from './dto/roll-call.dto';
// Issue 12's building blocks (two-way SMS): the reply parser, wired to Notify's received texts next.
export * from './engine/recall-reply';
