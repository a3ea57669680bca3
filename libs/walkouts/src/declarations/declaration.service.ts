import { Clock, hashLinkToken, looksLikeLinkToken, newLinkTokens, Transactions, UnitOfWork } from '@app/core';
import { OrganisationService, StaffReads } from '@app/organisations';
import { Injectable, Logger } from '@nestjs/common';
import { declarationCohort, declarationDue, parseDeclarationReply } from '../engine/participation-days';
import { WalkoutDay, walkoutDays } from '../engine/walkout-days';
import { ParticipationRepository } from '../participation/participation.repository';
import { WalkoutError, WalkoutErrorCode } from '../walkouts.errors';
import { DeclarationOutbox } from './declaration-outbox';
import { DeclarationRecord, DeclarationRepository } from './declaration.repository';

/** A day is asked about from 18:00 the evening before; a walkout starting later than this is not yet looked at. */
const LOOK_AHEAD_MS = 2 * 86_400_000;

export interface DeclarationView {
  trustName: string;
  givenName: string;
  day: WalkoutDay;
  answer: 'yes' | 'no' | null;
}

export type TextReplyOutcome = { status: 'recorded'; answer: 'yes' | 'no' } | { status: 'not-understood' } | { status: 'closed' };

/**
 * Daily self-declaration (docs/domain.md, "Daily declarations"): the evening before each walkout day,
 * each staff member of the named groups gets a link asking whether they are taking part that day; the
 * answer (link, or a text reply) becomes their participation for that day.
 */
@Injectable()
export class DeclarationService {
  private readonly logger = new Logger('Declarations');
  private outbox: DeclarationOutbox | null = null;

  constructor(
    private readonly declarations: DeclarationRepository,
    private readonly participation: ParticipationRepository,
    private readonly staff: StaffReads,
    private readonly organisations: OrganisationService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Registered by the notifications lib (see DeclarationOutbox). */
  useOutbox(outbox: DeclarationOutbox): void {
    this.outbox = outbox;
  }

  /**
   * Sends the requests due now and not yet sent, for every trust: one transaction per walkout day, the
   * request rows and their messages together. Safe to run any number of times (the scheduled job runs
   * it every few minutes): a person already asked about a day is never asked again.
   */
  async sendDue(): Promise<{ walkoutDays: number; requested: number }> {
    const now = this.clock.now();
    let walkoutDaysDue = 0;
    let requested = 0;
    for (const walkout of await this.declarations.walkoutsStartingBefore(now, LOOK_AHEAD_MS)) {
      const due = walkoutDays(walkout.startsAt, walkout.endsAt).filter((day) => declarationDue(day, now));
      if (!due.length) continue;
      const outbox = this.outbox;
      if (!outbox) throw new Error('No declaration outbox registered: the notifications worker module must be loaded');
      const trust = await this.organisations.getTrust(walkout.trustId);
      for (const day of due) {
        walkoutDaysDue += 1;
        requested += await this.transactions.run(async (tx) => {
          const cohort = declarationCohort(await this.staff.inGrades(tx, walkout.trustId, walkout.staffGroups), walkout);
          const tokens = newLinkTokens(cohort.length);
          const tokenByHash = new Map(tokens.map((t) => [t.hash, t.token]));
          const created = await this.declarations.insertNew(
            tx,
            walkout.trustId,
            walkout.id,
            day.date,
            cohort.map((person, index) => ({ staffId: person.id, tokenHash: tokens[index].hash })),
          );
          const byId = new Map(cohort.map((person) => [person.id, person]));
          await outbox.queue(
            tx,
            created.map((row) => ({
              trustId: walkout.trustId,
              trustName: trust.name,
              walkoutId: walkout.id,
              declarationId: row.id,
              staffId: row.staffId,
              givenName: byId.get(row.staffId)!.givenName,
              day: day.date,
              dayStartsAt: day.from,
              dayEndsAt: day.to,
              linkToken: tokenByHash.get(row.tokenHash)!,
            })),
          );
          return created.length;
        });
      }
    }
    if (requested) this.logger.log({ msg: 'declaration requests queued', walkoutDays: walkoutDaysDue, requested });
    return { walkoutDays: walkoutDaysDue, requested };
  }

  /** The link page: who is asked about which day. Unknown, and closed (the day is over or no longer part of the walkout), look the same. */
  async view(token: string): Promise<DeclarationView> {
    if (!looksLikeLinkToken(token)) throw notFound();
    const record = await this.declarations.findByTokenHash(hashLinkToken(token));
    if (!record) throw notFound();
    return this.toView(record, await this.openDay(record));
  }

  /** The answer from the link page: that day's participation, replacing any earlier answer for the day. */
  async answerByLink(token: string, answer: 'yes' | 'no'): Promise<DeclarationView> {
    if (!looksLikeLinkToken(token)) throw notFound();
    const record = await this.transactions.run(async (tx) => {
      const locked = await this.declarations.lock(tx, { tokenHash: hashLinkToken(token) });
      if (!locked) return null;
      if (!(await this.openDay(locked))) return null;
      await this.record(tx, locked, answer, 'link');
      return { ...locked, answer };
    });
    if (!record) throw notFound();
    this.logger.log({ msg: 'declaration answered', trustId: record.trustId, walkoutId: record.walkoutId, day: record.day, via: 'link', answer });
    return this.toView(record, (await this.openDay(record))!);
  }

  /**
   * The text-reply path: a reply to the request message `declarationId` (the message's source id), as
   * the inbound-reply registry in notifications hands it over. "YES" / "NO" (parseDeclarationReply)
   * becomes that day's answer; anything else is left for a person to read.
   */
  async answerByTextReply(tx: UnitOfWork, declarationId: string, text: string): Promise<TextReplyOutcome> {
    const answer = parseDeclarationReply(text);
    if (answer === null) return { status: 'not-understood' };
    // In the caller's transaction: the one that records what became of the received text.
    const locked = await this.declarations.lock(tx, { id: declarationId });
    if (!locked || !(await this.openDay(locked))) return { status: 'closed' };
    await this.record(tx, locked, answer, 'text-reply');
    this.logger.log({ msg: 'declaration answered', declarationId, via: 'text-reply', answer });
    return { status: 'recorded', answer };
  }

  private async record(tx: UnitOfWork, declaration: DeclarationRecord, answer: 'yes' | 'no', via: 'link' | 'text-reply'): Promise<void> {
    const now = this.clock.now();
    await this.declarations.recordAnswer(tx, declaration.id, answer, via, now);
    await this.participation.upsertDays(tx, declaration.trustId, declaration.walkoutId, [{ staffId: declaration.staffId, day: declaration.day, answer }], via);
  }

  /** The day asked about, while it is still a day of a walkout not called off and has not ended; else null. */
  private async openDay(record: DeclarationRecord): Promise<WalkoutDay | null> {
    const walkout = await this.participation.walkoutTimes(record.trustId, record.walkoutId);
    if (!walkout || walkout.calledOffAt) return null;
    const day = walkoutDays(walkout.startsAt, walkout.endsAt).find((d) => d.date === record.day) ?? null;
    return day && this.clock.now() < day.to ? day : null;
  }

  private async toView(record: DeclarationRecord, day: WalkoutDay | null): Promise<DeclarationView> {
    if (!day) throw notFound();
    const [trust, people] = await Promise.all([
      this.organisations.getTrust(record.trustId),
      this.transactions.run((tx) => this.staff.byIds(tx, record.trustId, [record.staffId])),
    ]);
    return { trustName: trust.name, givenName: people[0]?.givenName ?? '', day, answer: record.answer };
  }
}

function notFound(): WalkoutError {
  return new WalkoutError(WalkoutErrorCode.DeclarationLinkNotFound, 'This link is not active: it is unknown, or the day it asks about is over');
}
