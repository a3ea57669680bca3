// What other libs and apps may import from '@app/cover'.
export * from './cover.module';
export * from './cover.errors';
export { COVER_RATE_CARD_ENV, parseRateCardConfig } from './cost/rate-card-config';
export { BMA_2023_RATE_CARD, priceShift, priceShifts } from './cost/rate-card';
export type { RateCard, ShiftPrice } from './cost/rate-card';
export { proposeCover } from './autofill/autofill';
export { computeHourlyCoverGaps } from './gaps/hourly-gaps';
export { checkCoverAssignment } from './rules/assignment-rules';
export { CoverAssignmentService } from './cover-assignment.service';
export type { CoverAssignmentView } from './cover-assignment.service';
export { CoverRotaService } from './cover-rota.service';
export type { CoverAutofillView, CoverGapsView, PricedProposal } from './cover-rota.service';
export { CreateCoverAssignmentDto } from './dto/cover.dto';
