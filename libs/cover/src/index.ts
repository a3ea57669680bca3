// What other libs and apps may import from '@app/cover'.
export * from './cover.module';
export * from './cover.errors';
export { COVER_RATE_CARD_ENV, parseRateCardConfig } from './engine/rate-card-config';
export { BMA_2023_RATE_CARD, BMA_2025_RATE_CARD, priceShift, priceShifts, RATE_REGIONS, ON_CALL_KINDS } from './engine/rate-card';
export type { RateCard, RateBand, RateRegion, OnCallKind, ShiftPrice } from './engine/rate-card';
export { CONSENT_STATES, CONSENT_SOURCES, parseCoverReply, COVER_REPLY_INSTRUCTION } from './engine/cover-consent';
export type { ConsentState, ConsentSource, CoverReply } from './engine/cover-consent';
// The text-reply handler for cover requests: the inbound-reply registry (notifications) is given it by cover.
export { CoverRequestService } from './requests/cover-request.service';
export type { CoverTextReplyOutcome } from './requests/cover-request.service';
export { proposeCover } from './engine/autofill';
export type { AutofillCandidate, AutofillDepartment, CoverAutofillInput } from './engine/autofill';
export { computeHourlyCoverGaps } from './engine/hourly-gaps';
export type { CoverRequirementPeriod } from './engine/hourly-gaps';
export { checkCoverAssignment } from './engine/assignment-rules';
export { CoverAssignmentService } from './assignments/cover-assignment.service';
export type { CoverAssignmentView } from './assignments/cover-assignment.service';
export { CoverRotaService } from './rota/cover-rota.service';
export type { CoverAutofillView, CoverGapsView, PricedProposal } from './rota/cover-rota.service';
export { CreateCoverAssignmentDto } from './assignments/cover-assignment.dto';
