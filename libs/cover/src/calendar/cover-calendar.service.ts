import { Transactions, type UnitOfWork } from '@app/core';
import { PlaceReads } from '@app/organisations';
import { Inject, Injectable } from '@nestjs/common';
import { calendarUrl, deriveCalendarToken, hashCalendarToken, isWellFormedCalendarToken, newCalendarSeed } from '../engine/calendar-token';
import { buildCoverCalendar } from '../engine/cover-calendar';
import { CoverCalendarRepository } from './cover-calendar.repository';
import { COVER_SETTINGS, CoverSettings } from '../cover-settings';
import { CoverError, CoverErrorCode } from '../cover.errors';

/** Consultants' calendar links: one stable token each, and the feed it opens. */
@Injectable()
export class CoverCalendarService {
  constructor(
    private readonly calendars: CoverCalendarRepository,
    private readonly transactions: Transactions,
    private readonly places: PlaceReads,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
  ) {}

  /** Each person's token, created in the caller's transaction for anyone who has none yet. */
  async ensureTokens(tx: UnitOfWork, trustId: string, staffIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(staffIds)];
    await this.calendars.insertMissing(
      tx,
      trustId,
      unique.map((staffId) => {
        const seed = newCalendarSeed();
        return { staffId, seed, hash: hashCalendarToken(deriveCalendarToken(this.settings.calendarKey, seed)) };
      }),
    );
    const tokens = new Map<string, string>();
    for (const row of await this.calendars.tokensOf(tx, trustId, unique)) {
      const token = deriveCalendarToken(this.settings.calendarKey, row.seed);
      const hash = hashCalendarToken(token);
      if (!hash.equals(row.hash)) await this.calendars.replaceHash(tx, trustId, row.staffId, hash);
      tokens.set(row.staffId, token);
    }
    return tokens;
  }

  /** The person's link, or null when none is registered under the current key. */
  urlFor(seed: Buffer | null, hash: Buffer | null): string | null {
    if (!seed || !hash) return null;
    const token = deriveCalendarToken(this.settings.calendarKey, seed);
    return hashCalendarToken(token).equals(hash) ? this.urlOfToken(token) : null;
  }

  urlOfToken(token: string): string {
    return calendarUrl(this.settings.publicBaseUrl, token);
  }

  async calendar(token: string): Promise<string> {
    const owner = isWellFormedCalendarToken(token) ? await this.calendars.ownerOf(hashCalendarToken(token)) : null;
    if (!owner) throw new CoverError(CoverErrorCode.CalendarNotFound, 'No calendar at this link; use the link from your latest cover-shift message');
    const shifts = await this.transactions.run(async (tx) => {
      const rows = await this.calendars.shiftsOf(tx, owner.trustId, owner.staffId);
      const places = await this.places.departmentPlaces(tx, owner.trustId, rows.map((row) => row.departmentId));
      const trustName = (await this.places.trustName(tx, owner.trustId)) ?? '';
      return rows.map(({ departmentId, ...shift }) => ({ ...shift, departmentName: places.get(departmentId)?.departmentName ?? '', siteName: places.get(departmentId)?.siteName ?? '', trustName }));
    });
    return buildCoverCalendar(shifts, { uidDomain: this.settings.calendarUidDomain });
  }
}
