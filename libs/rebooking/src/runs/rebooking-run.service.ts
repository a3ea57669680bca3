import { addLondonCalendarDays, APP_CONFIG, AppConfig, Clock, decodeCursor, DEFAULT_PAGE_SIZE, isPgError, JobName, newLinkTokens, Page, PgErrorCode, QueueService, toPage, Transactions } from '@app/core';
import { NotificationOutbox } from '@app/notifications';
import { OrganisationService, PatientNames, PlaceReads } from '@app/organisations';
import { WalkoutService, WalkoutView } from '@app/walkouts';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { assignRebookings } from '../engine/assign';
import type { RebookingPlacement, RebookingResult } from '../engine/engine.types';
import { offerNotices } from '../engine/offer-notices';
import { fitPlacements } from '../engine/placement-fit';
import { DEFAULT_REBOOKING_HORIZON_DAYS, OFFER_ALTERNATIVES, SLOT_CAPACITY_CONSTRAINTS } from '../rebooking.constants';
import { holdExpiresAt } from '../engine/offer-choice';
import { withNoticeNames } from '../engine/notice-names';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';
import { blackoutsFor, OtherWalkout, toRebookingInput } from '../engine/rebooking-input';
import { RebookingRunStatus } from '../rebooking.constants';
import { FollowUpLists, RebookingRunRecord, RebookingRunRepository } from './rebooking-run.repository';

export interface StartRunCommand {
  sameSiteOnly?: boolean;
  horizonDays?: number;
}

/** Placements are written in chunks, one transaction each, so locks are short and progress shows. */
const CHUNK = 5_000;
const CHUNK_ATTEMPTS = 3;
const WALKOUT_PAGE = 500;

export const RUN_REBOOKING_ATTEMPTS = 3;

interface ChunkOutcome {
  written: number;
  slotTaken: number;
}

/**
 * Rebooking runs. The API records a run and queues its job (ids only); the worker executes it: load the
 * walkout's queue, the free slots of the horizon, the patients' other bookings and the other walkouts
 * of the series, run the pure engine, and write its placements chunk by chunk. Safe to execute twice:
 * each chunk re-checks, under lock, that the appointment still waits and the slot still has room.
 */
@Injectable()
export class RebookingRunService {
  private readonly logger = new Logger('RebookingRuns');

  constructor(
    private readonly runs: RebookingRunRepository,
    private readonly transactions: Transactions,
    private readonly walkouts: WalkoutService,
    private readonly organisations: OrganisationService,
    private readonly patientNames: PatientNames,
    private readonly places: PlaceReads,
    private readonly outbox: NotificationOutbox,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Admitted only if every patient waiting could be sent an offer within the trust's patient-notice
   * budget now (429 otherwise, nothing queued): the worker then writes the offers without refusing any,
   * since stopping a run half-way would leave patients unevenly offered.
   */
  async start(trustId: string, walkoutId: string, command: StartRunCommand, createdBy: string | null): Promise<string> {
    await this.walkouts.get(trustId, walkoutId);
    await this.outbox.assertBudgetFits(trustId, 'patient-notices', await this.runs.countQueue(trustId, walkoutId));
    const outcome = await this.runs.insertRun(trustId, walkoutId, {
      sameSiteOnly: command.sameSiteOnly ?? true,
      horizonDays: command.horizonDays ?? DEFAULT_REBOOKING_HORIZON_DAYS,
      createdBy,
    });
    if (!outcome.ok) {
      throw new RebookingError(RebookingErrorCode.RebookingRunInProgress, 'A rebooking run for this walkout is already queued or running', [], outcome.activeRunId ? { conflict: { runId: outcome.activeRunId } } : {});
    }
    const runId = outcome.id;
    try {
      // Committed first, queued second: the job always finds its run. If Redis is down the run is marked
      // failed at once rather than left queued with no job behind it.
      await this.queues.enqueue({
        name: JobName.RunRebooking,
        data: { runId },
        jobId: `rebooking-${runId}`,
        opts: { attempts: RUN_REBOOKING_ATTEMPTS, backoff: { type: 'exponential', delay: 5_000 } },
      });
    } catch (error) {
      await this.runs.failRun(trustId, runId, 'The job queue was unavailable; start the run again', this.clock.now());
      this.logger.warn({ msg: 'rebooking run not queued', trustId, walkoutId, runId, error: (error as Error).message });
      throw new RebookingError(RebookingErrorCode.QueueUnavailable, 'The job queue is unavailable; try again shortly');
    }
    this.logger.log({ msg: 'rebooking run queued', trustId, walkoutId, runId });
    return runId;
  }

  async get(trustId: string, runId: string): Promise<RebookingRunRecord> {
    const run = await this.runs.findRun(trustId, runId, this.clock.now());
    if (!run) throw new RebookingError(RebookingErrorCode.RebookingRunNotFound, 'Rebooking run not found');
    return run;
  }

  /** Runs of the trust, or of one of its walkouts (404 if the walkout is not the trust's), newest first. */
  async list(trustId: string, query: { walkoutId?: string; status?: RebookingRunStatus; limit?: number; cursor?: string }): Promise<Page<RebookingRunRecord>> {
    if (query.walkoutId) await this.walkouts.get(trustId, query.walkoutId);
    else await this.organisations.getTrust(trustId);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const before = decodeCursor(query.cursor, 2);
    const rows = await this.runs.listRuns(trustId, {
      walkoutId: query.walkoutId,
      status: query.status,
      before: before ? [String(before[0]), String(before[1])] : null,
      limit: limit + 1,
    }, this.clock.now());
    return toPage(rows, limit, (run) => [run.sortTime, run.id], ({ sortTime: _sortTime, ...run }) => run);
  }

  /** The walkout's patients still without a date, and those given one past 28 days (404 if not the trust's walkout). */
  async followUp(trustId: string, walkoutId: string, limit: number): Promise<FollowUpLists> {
    await this.walkouts.get(trustId, walkoutId);
    return this.runs.listFollowUp(trustId, walkoutId, limit);
  }

  /** The worker's side. `finalAttempt`: a failure now marks the run failed instead of waiting for a retry. */
  async execute(runId: string, options: { finalAttempt: boolean } = { finalAttempt: true }): Promise<void> {
    const run = await this.runs.findRunForJob(runId, this.clock.now());
    if (!run) {
      this.logger.warn({ msg: 'rebooking run not found', runId });
      return;
    }
    if (!(await this.runs.markRunning(run.trustId, runId, this.clock.now()))) {
      this.logger.log({ msg: 'rebooking run already finished', trustId: run.trustId, runId, status: run.status });
      return;
    }
    try {
      await this.place(run);
    } catch (error) {
      if (options.finalAttempt) await this.runs.failRun(run.trustId, runId, 'The run stopped on an error; start it again', this.clock.now());
      throw error;
    }
  }

  private async place(run: RebookingRunRecord): Promise<void> {
    const { trustId, id: runId } = run;
    const walkout = await this.walkouts.get(trustId, run.walkoutId);
    const trust = await this.organisations.getTrust(trustId);
    const now = this.clock.now();
    // Never offer a time already past, nor one inside the walkout itself.
    const from = new Date(Math.max(walkout.endsAt.getTime(), now.getTime()));
    const until = new Date(addLondonCalendarDays(walkout.endsAt.getTime(), run.horizonDays + 1));
    // Places whose hold has run out go back to the pool first, so this run offers them in priority order.
    const released = await this.runs.releaseExpiredHolds(trustId, now);
    const [queue, slots, busy, others] = await Promise.all([
      this.runs.loadQueue(trustId, walkout.id),
      this.runs.loadFreeSlots(trustId, from, until),
      this.runs.loadPatientBusy(trustId, walkout.id, from, until),
      this.otherWalkouts(trustId, walkout.endsAt, until),
    ]);
    const context = { trustId, walkoutEndsAt: walkout.endsAt, staffGroups: walkout.staffGroups, sameSiteOnly: run.sameSiteOnly, horizonDays: run.horizonDays };
    const result = assignRebookings({ ...toRebookingInput(context, queue, slots, busy, blackoutsFor(walkout.id, walkout.staffGroups, others)), alternatives: OFFER_ALTERNATIVES });
    await this.runs.setProgress(trustId, runId, 10);

    let written = 0;
    let slotTaken = 0;
    const placements = result.placements;
    for (let start = 0; start < placements.length; start += CHUNK) {
      const outcome = await this.writeChunk(run, walkout, trust.name, placements.slice(start, start + CHUNK), now);
      written += outcome.written;
      slotTaken += outcome.slotTaken;
      await this.runs.setProgress(trustId, runId, Math.min(99, 10 + Math.floor((90 * Math.min(placements.length, start + CHUNK)) / placements.length)));
    }
    await this.runs.finishRun(trustId, runId, { considered: queue.length, ...unplacedFigures(result, slotTaken) }, this.clock.now());
    this.logger.log({ msg: 'rebooking run finished', trustId, walkoutId: walkout.id, runId, considered: queue.length, placed: written, unplaced: result.unplaced.length + slotTaken, expiredHoldsReleased: released });
  }

  /**
   * One chunk, one transaction: lock the chunk's appointments, then its slots (always in that order, and
   * by id: concurrent runs cannot deadlock), keep the placements that still fit, write them set-based and
   * queue their offers. A deadlock or a counter CHECK (a writer that bypassed the locks) rolls the chunk
   * back and it is tried again from the locks.
   */
  private async writeChunk(run: RebookingRunRecord, walkout: WalkoutView, trustName: string, chunk: RebookingPlacement[], now: Date): Promise<ChunkOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.transactions.run(async (tx) => {
          const waiting = await this.runs.lockWaiting(tx, run.trustId, chunk.map((p) => p.appointmentId));
          const free = await this.runs.lockFreePlaces(tx, run.trustId, [...new Set(chunk.flatMap((p) => [p.slotId, ...p.alternatives.map((a) => a.slotId)]))]);
          const fit = fitPlacements(chunk, waiting, free);
          const tokens = newLinkTokens(fit.accepted.length);
          const written = await this.runs.writeOffers(
            tx,
            run.trustId,
            run.id,
            fit.accepted.map((p, index) => {
              const kept = new Set(fit.alternativeSlotIds[index]);
              const alternatives = p.alternatives.filter((a) => kept.has(a.slotId));
              return {
                appointmentId: p.appointmentId,
                slotId: p.slotId,
                daysAfterWalkout: p.daysAfterWalkout,
                tokenHash: tokens[index].hash,
                alternatives: alternatives.map((a) => ({ slotId: a.slotId, daysAfterWalkout: a.daysAfterWalkout })),
                linkExpiresAt: new Date(Math.max(p.startsAt, ...alternatives.map((a) => a.startsAt))),
              };
            }),
            now,
            holdExpiresAt(now, this.config.rebookingHoldHours),
          );
          const offers = withNoticeNames(
            written,
            await this.patientNames.givenNamesOf(tx, run.trustId, written.map((offer) => offer.patientId)),
            await this.places.siteNames(tx, run.trustId, written.map((offer) => offer.siteId)),
          );
          const tokenBySource = new Map(fit.accepted.map((p, index) => [p.appointmentId, tokens[index].token]));
          await this.outbox.createMany(tx, offerNotices(offers, tokenBySource, { trustId: run.trustId, trustName, walkoutId: walkout.id, now }), { budget: 'count' });
          return { written: offers.length, slotTaken: fit.slotTaken.length };
        });
      } catch (error) {
        if (attempt < CHUNK_ATTEMPTS && isRetryable(error)) {
          this.logger.warn({ msg: 'rebooking chunk retried', trustId: run.trustId, runId: run.id, attempt });
          continue;
        }
        throw error;
      }
    }
  }

  /** Other walkouts of the trust overlapping the horizon (the engine keeps those of the same staff groups). */
  private async otherWalkouts(trustId: string, from: Date, to: Date): Promise<OtherWalkout[]> {
    const all: OtherWalkout[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.walkouts.list(trustId, { from, to, limit: WALKOUT_PAGE, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  }
}

function isRetryable(error: unknown): boolean {
  return isPgError(error, PgErrorCode.DeadlockDetected) || isPgError(error, PgErrorCode.SerializationFailure) || SLOT_CAPACITY_CONSTRAINTS.some((constraint) => isPgError(error, PgErrorCode.CheckViolation, constraint));
}

/** The engine's unplaced reasons, plus placements whose slot a concurrent run filled first. */
function unplacedFigures(result: RebookingResult, slotTaken: number): { unplaced: number; unplacedByReason: Record<string, number> } {
  return {
    unplaced: result.unplaced.length + slotTaken,
    unplacedByReason: { ...result.summary.unplacedByReason, SLOT_TAKEN_CONCURRENTLY: slotTaken },
  };
}
