// What other libs and apps may import from '@app/cover'.
export * from './cover.module';
export * from './cover.errors';
export { COVER_RATE_CARD_ENV, parseRateCardConfig } from './engine/rate-card-config';
export { BMA_2023_RATE_CARD, priceShift, priceShifts } from './engine/rate-card';
export type { RateCard, ShiftPrice } from './engine/rate-card';
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
