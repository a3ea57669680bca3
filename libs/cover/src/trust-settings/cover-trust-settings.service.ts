import { Inject, Injectable } from '@nestjs/common';
import { COVER_SETTINGS, CoverSettings } from '../cover-settings';
import { RateCard, RateRegion } from '../engine/rate-card';
import { CoverTrustSettingsRepository } from './cover-trust-settings.repository';

export interface CoverTrustSettingsView {
  rateRegion: RateRegion;
  updatedAt: Date | null;
  rateCard: RateCard;
}

/** A trust's cover settings: which variant of the rate card prices its shifts (London weighting or not). */
@Injectable()
export class CoverTrustSettingsService {
  constructor(
    private readonly settingsOfTrust: CoverTrustSettingsRepository,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
  ) {}

  async get(trustId: string): Promise<CoverTrustSettingsView> {
    return { ...(await this.settingsOfTrust.of(null, trustId)), rateCard: this.settings.rateCard };
  }

  /** Prices new shifts from now on; shifts already made keep the price they were made at. */
  async put(trustId: string, rateRegion: RateRegion, userId: string | null): Promise<CoverTrustSettingsView> {
    return { ...(await this.settingsOfTrust.put(trustId, rateRegion, userId)), rateCard: this.settings.rateCard };
  }
}
