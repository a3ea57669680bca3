import { Clock, CommonError, hashLinkToken, looksLikeLinkToken, newLinkTokens, Transactions, type UnitOfWork } from '@app/core';
import { NewNotification, NotificationOutbox } from '@app/notifications';
import { PlaceReads } from '@app/organisations';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CoverAssignmentRepository } from '../assignments/cover-assignment.repository';
import { ShiftNoticeContexts } from '../assignments/shift-notice-contexts';
import { CoverCalendarService } from '../calendar/cover-calendar.service';
import { COVER_SETTINGS, CoverSettings, noticeHoldSeconds } from '../cover-settings';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { ConsentSource, ConsentState, CoverReply, effectiveConsentState, parseCoverReply } from '../engine/cover-consent';
import { coverRequestNotice, coverShiftNotice } from '../engine/cover-notices';
import { CoverRequestRecord, CoverRequestRepository, RequestedShiftRow } from './cover-request.repository';
import type { LinkBodySource } from '@app/web';
import { parseCoverAnswers } from '../links/cover-request-answer';

/** One shift of a request as its consultant sees it. */
export interface RequestedShiftView {
  assignmentId: string;
  startsAt: Date;
  endsAt: Date;
  departmentName: string;
  siteName: string;
  /** Expired on read once past its expiry; `withdrawn` when the planning team cancelled it. */
  state: ConsentState | 'withdrawn';
  respondBy: Date;
  plannedBreak: { startsAt: Date; minutes: number } | null;
  onCall: 'resident' | 'non-resident';
}

export interface CoverRequestView {
  requestId: string;
  trustName: string;
  givenName: string;
  shifts: RequestedShiftView[];
  /** The consultant's calendar feed, once they have accepted a shift. */
  calendarUrl: string | null;
}

export interface CoverAnswer {
  assignmentId: string;
  accept: boolean;
}

/** What a text reply did, for the inbound-reply registry (notifications) to record. */
export type CoverTextReplyOutcome =
  | { matched: true; requestId: string; accept: boolean; answered: string[] }
  | { matched: false; reason: 'unparseable' | 'no-open-request'; detail: string };

/**
 * Asking consultants, and their answers. Autofill (and a planner who asks rather than records consent)
 * creates one request per consultant, behind one token link (`/c/:token`); the consultant accepts or
 * declines each shift there, or all of them by text reply. Only an accepted shift is assigned; a
 * declined or expired one reopens the gap (docs/domain.md, "Consent").
 */
@Injectable()
export class CoverRequestService {
  private readonly logger = new Logger('CoverRequests');

  constructor(
    private readonly requests: CoverRequestRepository,
    private readonly assignments: CoverAssignmentRepository,
    private readonly transactions: Transactions,
    private readonly calendars: CoverCalendarService,
    private readonly noticeContexts: ShiftNoticeContexts,
    private readonly places: PlaceReads,
    private readonly outbox: NotificationOutbox,
    @Inject(COVER_SETTINGS) private readonly settings: CoverSettings,
    private readonly clock: Clock,
  ) {}

  /** A request (id and one-time token) for each consultant, in the caller's transaction, before their shifts are inserted. */
  async open(tx: UnitOfWork, trustId: string, walkoutId: string, staffIds: string[], userId: string | null): Promise<Map<string, { requestId: string; token: string }>> {
    const unique = [...new Set(staffIds)];
    const tokens = newLinkTokens(unique.length);
    const opened = new Map(unique.map((staffId, i) => [staffId, { requestId: randomUUID(), token: tokens[i].token, hash: tokens[i].hash }]));
    await this.requests.insertMany(
      tx,
      [...opened].map(([staffId, r]) => ({ id: r.requestId, trustId, walkoutId, staffId, tokenHash: r.hash, createdBy: userId })),
    );
    return new Map([...opened].map(([staffId, { requestId, token }]) => [staffId, { requestId, token }]));
  }

  /** The messages asking each consultant, once their shifts are inserted: one per request, listing its shifts. */
  async noticesFor(tx: UnitOfWork, trustId: string, opened: Map<string, { requestId: string; token: string }>, assignmentIds: string[], respondBy: Map<string, Date>): Promise<NewNotification[]> {
    const contexts = await this.noticeContexts.of(tx, trustId, assignmentIds);
    const now = this.clock.now();
    return [...opened].flatMap(([staffId, request]) => {
      const shifts = contexts.filter((c) => c.staffId === staffId);
      if (!shifts.length) return [];
      const deadline = respondBy.get(request.requestId) ?? shifts[0].startsAt;
      return [coverRequestNotice({ trustId, requestId: request.requestId, shifts, linkToken: request.token, respondBy: deadline }, noticeHoldSeconds(this.settings, deadline, now))];
    });
  }

  async view(token: string): Promise<CoverRequestView> {
    const request = looksLikeLinkToken(token) ? await this.requests.findByTokenHash(hashLinkToken(token)) : null;
    if (!request) throw notFound();
    return this.viewOf(null, request);
  }

  /**
   * The consultant's answers from their link, all in one transaction: the request is locked (two answers
   * run in turn), each shift changes only if it is still asked (not expired, withdrawn or answered), and
   * every shift accepted gets its booking notice with the calendar link.
   */
  async respond(token: string, body: unknown, source: LinkBodySource): Promise<CoverRequestView> {
    if (!looksLikeLinkToken(token)) throw notFound();
    // The link is checked before the body, so a stale link says "not found" whatever was sent.
    if (!(await this.requests.findByTokenHash(hashLinkToken(token)))) throw notFound();
    const parsed = parseCoverAnswers(body, source);
    if (!parsed.ok) throw CommonError.validation(parsed.details, 'The answer is not valid');
    const view = await this.transactions.run(async (tx) => {
      const request = await this.requests.lockByTokenHash(tx, hashLinkToken(token));
      if (!request) return null;
      const shifts = await this.requests.shiftsOf(tx, request.trustId, request.id);
      const answers = Array.isArray(parsed.answers) ? parsed.answers : shifts.map((s) => ({ assignmentId: s.assignmentId, accept: (parsed.answers as { all: boolean }).all }));
      const unknown = answers.findIndex((a) => !shifts.some((s) => s.assignmentId === a.assignmentId));
      if (unknown >= 0) throw CommonError.validation([{ field: source === 'form' ? `answer-${answers[unknown].assignmentId}` : `answers[${unknown}].assignmentId`, message: 'is not a shift of this request' }]);
      await this.apply(tx, request, answers, 'link');
      return this.viewOf(tx, request);
    });
    if (!view) throw notFound();
    return view;
  }

  /**
   * A text reply to a cover request, in the caller's transaction (the reply registry's): YES accepts and
   * NO declines every shift the request still asks; anything else is not guessed at. `requestId` is the
   * request the answered message came from; without one, the consultant's latest open request.
   */
  async answerByTextReply(tx: UnitOfWork, reply: { trustId: string; staffId: string; text: string; requestId?: string }): Promise<CoverTextReplyOutcome> {
    const parsed: CoverReply = parseCoverReply(reply.text);
    if (parsed.kind === 'unparseable') return { matched: false, reason: 'unparseable', detail: parsed.reason };
    const request = reply.requestId
      ? await this.requests.lockById(tx, reply.trustId, reply.requestId)
      : await this.requests.lockLatestOpenOf(tx, reply.trustId, reply.staffId, this.clock.now());
    if (!request || request.staffId !== reply.staffId) return { matched: false, reason: 'no-open-request', detail: 'no cover request of this consultant is waiting for an answer' };
    const shifts = await this.requests.shiftsOf(tx, request.trustId, request.id);
    const answered = await this.apply(tx, request, shifts.map((s) => ({ assignmentId: s.assignmentId, accept: parsed.accept })), 'text-reply');
    if (!answered.length) return { matched: false, reason: 'no-open-request', detail: 'the request has no shift still waiting for an answer' };
    return { matched: true, requestId: request.id, accept: parsed.accept, answered };
  }

  private async apply(tx: UnitOfWork, request: CoverRequestRecord, answers: CoverAnswer[], source: ConsentSource): Promise<string[]> {
    const now = this.clock.now();
    const accepted = await this.assignments.answer(tx, request.trustId, request.id, answers.filter((a) => a.accept).map((a) => a.assignmentId), true, source, now);
    const declined = await this.assignments.answer(tx, request.trustId, request.id, answers.filter((a) => !a.accept).map((a) => a.assignmentId), false, source, now);
    if (accepted.length) {
      const tokens = await this.calendars.ensureTokens(tx, request.trustId, [request.staffId]);
      const contexts = await this.noticeContexts.of(tx, request.trustId, accepted);
      await this.outbox.createMany(
        tx,
        contexts.map((c) => coverShiftNotice({ trustId: request.trustId, ...c }, tokens.get(request.staffId) ?? null, noticeHoldSeconds(this.settings, c.startsAt, now))),
      );
    }
    this.logger.log({ msg: 'cover request answered', trustId: request.trustId, requestId: request.id, source, accepted: accepted.length, declined: declined.length });
    return [...accepted, ...declined];
  }

  private async viewOf(tx: UnitOfWork | null, request: CoverRequestRecord): Promise<CoverRequestView> {
    const now = this.clock.now();
    const shifts: RequestedShiftRow[] = await this.requests.shiftsOf(tx, request.trustId, request.id);
    const read = async (db: UnitOfWork) => ({
      givenName: (await this.assignments.staffNamesOf(db, request.trustId, [request.staffId])).get(request.staffId)?.givenName ?? '',
      places: await this.places.departmentPlaces(db, request.trustId, shifts.map((s) => s.departmentId)),
      trustName: (await this.places.trustName(db, request.trustId)) ?? '',
      tokens: shifts.some((s) => s.consentState === 'accepted') ? await this.calendars.ensureTokens(db, request.trustId, [request.staffId]) : new Map<string, string>(),
    });
    const { givenName, places, trustName, tokens } = tx ? await read(tx) : await this.transactions.run(read);
    const token = tokens.get(request.staffId);
    return {
      requestId: request.id,
      trustName,
      givenName,
      calendarUrl: token ? this.calendars.urlOfToken(token) : null,
      shifts: shifts.map((s) => ({
        assignmentId: s.assignmentId,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        departmentName: places.get(s.departmentId)?.departmentName ?? '',
        siteName: places.get(s.departmentId)?.siteName ?? '',
        state: s.cancelled ? 'withdrawn' : effectiveConsentState(s.consentState, s.requestExpiresAt, now),
        respondBy: s.requestExpiresAt,
        plannedBreak: s.plannedBreakStartsAt ? { startsAt: s.plannedBreakStartsAt, minutes: s.plannedBreakMinutes ?? 0 } : null,
        onCall: s.onCall,
      })),
    };
  }
}

function notFound(): CoverError {
  return new CoverError(CoverErrorCode.RequestLinkNotFound, 'No cover request at this link; use the link from your latest message');
}
