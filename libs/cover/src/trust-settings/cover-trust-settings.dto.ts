import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DAY_TYPES, RATE_REGIONS, RateRegion } from '../engine/rate-card';
import { CoverTrustSettingsView } from './cover-trust-settings.service';

export class PutCoverTrustSettingsDto {
  @ApiProperty({ enum: RATE_REGIONS, description: 'london: the London variant of the rate card' }) @IsIn(RATE_REGIONS) rateRegion: RateRegion;
}

export class RateBandDto {
  @ApiProperty({ example: 'weekday-day', description: 'the band’s name, as price breakdowns give it' }) band: string;
  @ApiProperty({ enum: DAY_TYPES, description: 'bank holidays (England and Wales) count as weekend' }) dayType: string;
  @ApiProperty({ example: '07:00', description: 'Europe/London; the band runs until the next band of its day type' }) startsAt: string;
  @ApiProperty({ description: 'whole pence per hour at this trust’s region' }) pencePerHour: number;
}

export class RateCardDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: [RateBandDto] }) bands: RateBandDto[];
  @ApiProperty({ description: 'per hour of non-resident on-call availability; hours called in are paid at the band rates' }) nonResidentAvailabilityPencePerHour: number;
}

export class CoverTrustSettingsResponseDto {
  @ApiProperty({ enum: RATE_REGIONS }) rateRegion: string;
  @ApiProperty({ nullable: true, type: String }) updatedAt: string | null;
  @ApiProperty({ type: RateCardDto, description: 'the card new shifts are priced at, for this region' }) rateCard: RateCardDto;
}

export function toCoverTrustSettingsResponse(view: CoverTrustSettingsView): CoverTrustSettingsResponseDto {
  return {
    rateRegion: view.rateRegion,
    updatedAt: view.updatedAt?.toISOString() ?? null,
    rateCard: {
      name: view.rateCard.name,
      bands: view.rateCard.bands.map((b) => ({ band: b.id, dayType: b.dayType, startsAt: b.startsAt, pencePerHour: b.pencePerHour[view.rateRegion] })),
      nonResidentAvailabilityPencePerHour: view.rateCard.nonResidentAvailabilityPencePerHour[view.rateRegion],
    },
  };
}
