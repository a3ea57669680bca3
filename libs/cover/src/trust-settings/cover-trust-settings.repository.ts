import type { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RateRegion } from '../engine/rate-card';

export interface CoverTrustSettingsRecord {
  rateRegion: RateRegion;
  updatedAt: Date | null;
}

/** Per-trust cover settings: which variant of the rate card (London or not) prices the trust's shifts. */
@Injectable()
export class CoverTrustSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Outside London unless the trust said otherwise. */
  async of(db: Pick<UnitOfWork, 'query'> | null, trustId: string): Promise<CoverTrustSettingsRecord> {
    const rows: CoverTrustSettingsRecord[] = await (db ?? this.dataSource).query(
      `SELECT rate_region AS "rateRegion", updated_at AS "updatedAt" FROM cover_trust_settings WHERE trust_id = $1`,
      [trustId],
    );
    return rows[0] ?? { rateRegion: 'outside-london', updatedAt: null };
  }

  async put(trustId: string, rateRegion: RateRegion, userId: string | null): Promise<CoverTrustSettingsRecord> {
    const [row] = await this.dataSource.query(
      `INSERT INTO cover_trust_settings (trust_id, rate_region, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (trust_id) DO UPDATE SET rate_region = EXCLUDED.rate_region, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING rate_region AS "rateRegion", updated_at AS "updatedAt"`,
      [trustId, rateRegion, userId],
    );
    return row;
  }
}
