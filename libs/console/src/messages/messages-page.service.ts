import { Clock, formatLondonShortDateTime, formatLondonShortPeriod } from '@app/core';
import { NotificationService, SendForecast } from '@app/notifications';
import { PeopleService } from '@app/organisations';
import { WalkoutService } from '@app/walkouts';
import { Injectable } from '@nestjs/common';
import { count, phoneNumber } from '../engine/london-display';

const LANE_NAMES: Record<string, string> = { 'staff-alert': 'Staff alerts (recall: always sent first)', notice: 'Notices (patients and cover shifts)' };
/** The page lists the soonest appointments first; the CSV has everyone (up to AT_RISK_CSV_ROWS). */
const AT_RISK_PAGE_ROWS = 100;
const AT_RISK_CSV_ROWS = 100_000;

export interface CallListPerson {
  name: string;
  nhsNumber: string;
  phone: string;
  email: string;
  deadline: string;
  expectedAt: string;
}

/**
 * The messages page (trust admins): per lane, what is waiting, with Notify, delivered and failed; for a
 * walkout, when its last notice goes at the current rate, and who will not be told in time — with what
 * the call centre needs to phone them.
 */
@Injectable()
export class MessagesPageService {
  constructor(
    private readonly notifications: NotificationService,
    private readonly walkouts: WalkoutService,
    private readonly people: PeopleService,
    private readonly clock: Clock,
  ) {}

  async page(trustId: string, walkoutId: string | null) {
    const now = this.clock.now();
    // The lanes do not depend on the walkout: read alongside the list, not after it.
    const [page, lanes] = await Promise.all([this.walkouts.list(trustId, { from: new Date(now.getTime() - 30 * 86_400_000), limit: 100 }), this.notifications.laneCounts(trustId, null)]);
    const walkouts = page.items;
    const chosen = walkouts.find((w) => w.id === walkoutId) ?? walkouts.find((w) => w.status === 'in-progress') ?? walkouts.find((w) => w.status === 'announced') ?? walkouts[walkouts.length - 1] ?? null;
    let estimate = null;
    if (chosen) {
      const sent = await this.notifications.sendForecast(trustId, chosen.id, AT_RISK_PAGE_ROWS);
      estimate = {
        unsent: count(sent.unsent),
        held: count(sent.held),
        ratePerMinute: count(sent.ratePerMinute),
        lastExpectedAt: sent.lastExpectedAt ? formatLondonShortDateTime(sent.lastExpectedAt) : null,
        dailyRemaining: count(sent.dailyLimit.remaining),
        atRiskTotal: sent.atRiskTotal,
        atRisk: await this.callList(trustId, sent),
      };
    }
    return {
      lanes: lanes.map((lane) => ({ name: LANE_NAMES[lane.lane] ?? lane.lane, queued: count(lane.queued), sending: count(lane.sending), delivered: count(lane.delivered), failed: count(lane.failed) })),
      walkoutItems: walkouts.map((w) => ({ value: w.id, text: `${w.unionName}, ${formatLondonShortPeriod(w.startsAt, w.endsAt)}`, selected: w.id === chosen?.id })),
      chosen: chosen ? { id: chosen.id, period: formatLondonShortPeriod(chosen.startsAt, chosen.endsAt) } : null,
      estimate,
    };
  }

  /** The whole call list of a walkout (everyone whose notice will go after their appointment), for the call centre's CSV. */
  async callListOfWalkout(trustId: string, walkoutId: string): Promise<CallListPerson[]> {
    return this.callList(trustId, await this.notifications.sendForecast(trustId, walkoutId, AT_RISK_CSV_ROWS));
  }

  /** The late notices with what the call centre needs to phone each person (staff are phoned through their rota, not from here). */
  private async callList(trustId: string, sent: SendForecast): Promise<CallListPerson[]> {
    const contacts = await this.people.patientContacts(trustId, sent.atRisk.filter((n) => n.recipientType === 'patient').map((n) => n.recipientId));
    return sent.atRisk.map((notice) => {
      const contact = notice.recipientType === 'patient' ? contacts.get(notice.recipientId) : undefined;
      return {
        name: contact ? `${contact.givenName} ${contact.familyName}` : notice.recipientType === 'staff' ? 'Staff member' : '',
        nhsNumber: contact ? `${contact.nhsNumber.slice(0, 3)} ${contact.nhsNumber.slice(3, 6)} ${contact.nhsNumber.slice(6)}` : '',
        phone: phoneNumber(contact?.mobile),
        email: contact?.email ?? '',
        deadline: formatLondonShortDateTime(notice.deadline),
        expectedAt: formatLondonShortDateTime(notice.expectedAt),
      };
    });
  }
}
