export * from './engine/walkout-rules';
export * from './engine/walkout-days';
export { answerAcross, answerForDay, parseDeclarationReply, DECLARATION_EVENING_HOUR } from './engine/participation-days';
export * from './walkouts.module';
export * from './walkouts-worker.module';
export { WalkoutLinksModule } from './walkout-links.module';
export * from './walkouts/walkout.service';
export type { WalkoutChange, WalkoutChangeCheck, WalkoutWindowShape } from './walkouts/walkout-change';
export type { WalkoutRecord } from './walkouts/walkout.repository';
export * from './sitreps/sitrep.service';
export type { SitrepCsvRow, SitrepSection, SitrepSectionResult } from './sitreps/sitrep-section';
export * from './walkouts.errors';
// Request DTOs and the sitrep's JSON shape, so the console validates and answers exactly as the API does.
export { CallOffDto, RecordWalkoutDto } from './walkouts/walkout.dto';
export { toSitrepResponse } from './sitreps/sitrep.dto';
export * from './walkouts/walkout-reads';
export type { ActivityCancellations } from './participation/participation.repository';
export { ParticipationService } from './participation/participation.service';
export type { DayParticipation } from './participation/participation.service';
// Daily declarations: the outbox port notifications implements, and the text-reply handler for its inbound-reply registry.
export { DeclarationService } from './declarations/declaration.service';
export type { TextReplyOutcome } from './declarations/declaration.service';
export type { DeclarationOutbox, DeclarationRequestMessage } from './declarations/declaration-outbox';
