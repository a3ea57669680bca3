/**
 * `npm run bench:notify-services`: a national walkout's notices with every trust on its own GOV.UK Notify
 * service (issue 12's performance targets; docs/decisions/0012-per-service-notice-windows.md).
 *
 *   - 20 trusts, each with its own Notify key at 3,000 a minute, connected through the real API
 *     (`PUT …/notify-service`, checked with Notify), and the national walkout's 122,500 notices sized per
 *     trust as bench:national's trusts (the synthetic national walkout, seed 2026), committed at once.
 *   - The Notify-compatible test server runs the 20 services, enforcing each key's rolling-minute rate and
 *     its daily limits with Notify's 429s; 2 worker processes (the real worker entry point) send.
 *   - Bound: the largest trust's notices ÷ 50 a second (its key's 3,000 a minute). Target: the last notice
 *     at Notify within 1.10 × the bound, with no 429 from a key's rate limit.
 *   - In the same run: ≥ 10 recall messages in one trust (each its own "declaration": a recall written to
 *     the outbox, the path a declaration's messages take), commit → at Notify, median and p99 (< 500 ms),
 *     and the other trusts' send rates while they go.
 *   - One trust's key refused for 60 s (a 429 storm): every other trust still sending throughout keeps its
 *     rate within 5 %.
 *
 * Small runs to check it works: BENCH_NS_SCALE=0.02 BENCH_NS_STORM_SECONDS=5 npm run bench:notify-services
 * (writes the docs section only at full scale unless BENCH_NS_WRITE=1). Knobs: BENCH_NS_TRUSTS (20),
 * BENCH_NS_SCALE (1), BENCH_NS_RATE (3000), BENCH_NS_WORKERS (2), BENCH_NS_RECALLS (12),
 * BENCH_NS_STORM_SECONDS (60).
 */
import 'reflect-metadata';
import { DAY_MS, HOUR_MS, londonWallClockToUtc, Role } from '@app/core';
import { NewNotification, NotificationOutbox } from '@app/notifications';
import { prepareTemplateDatabase } from '@app/core/testing';
import { buildSyntheticRebookingInput, nationalWalkoutShape } from '@app/rebooking/testing';
import { randomUUID } from 'node:crypto';
import { createTrust, TrustFixture, validNhsNumber } from '../apps/api/test/support/fixtures';
import { EMAIL_TEMPLATE, SMS_TEMPLATE, startDeliveryHarness } from '../apps/worker/test/support/delivery-harness';
import { WorkerProcess } from '../apps/worker/test/support/worker-process';
import { writeBenchmarkSection } from './support/benchmark-report';
import { removeBenchQueues } from './support/bench-queues';

const TRUSTS = Number(process.env.BENCH_NS_TRUSTS ?? 20);
const SCALE = Number(process.env.BENCH_NS_SCALE ?? 1);
const RATE = Number(process.env.BENCH_NS_RATE ?? 3000);
const WORKERS = Number(process.env.BENCH_NS_WORKERS ?? 2);
const RECALLS = Math.max(10, Number(process.env.BENCH_NS_RECALLS ?? 16));
const STORM_MS = Number(process.env.BENCH_NS_STORM_SECONDS ?? 60) * 1000;
const WRITE = SCALE >= 1 || process.env.BENCH_NS_WRITE === '1';
const TARGET_RATIO = 1.1;
const TARGET_RECALL_MS = 500;
const TARGET_RATE_CHANGE = 0.05;
/** Rates are compared from this long after a phase starts (the limiter's burst and the windows settle). */
const SETTLE_MS = 3_000;
/**
 * Each trust's own rate is taken from this long after the commit (the windows fill, the workers' first
 * batches land) over BASELINE_MS, before either phase: two seconds of ramp-up were no baseline.
 */
const WARMUP_MS = 10_000;
/** 15 s: a trust's ~48 sends a second over 10 s varied by a few per cent from scheduling alone. */
const BASELINE_MS = 15_000;
const SEED = 2026;
const WALKOUT_ENDS_AT = londonWallClockToUtc(Date.UTC(2026, 5, 10) + 7 * HOUR_MS);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const n = (value: number) => value.toLocaleString('en-GB');
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Notices per trust as bench:national's trusts have them (appointments postponed), largest first, scaled. */
function noticeCounts(): number[] {
  const input = buildSyntheticRebookingInput(nationalWalkoutShape(SEED, WALKOUT_ENDS_AT));
  const byTrust = new Map<string, number>();
  for (const appointment of input.appointments) byTrust.set(appointment.trustId, (byTrust.get(appointment.trustId) ?? 0) + 1);
  const counts = [...byTrust.values()].sort((a, b) => b - a);
  return Array.from({ length: TRUSTS }, (_, i) => Math.max(50, Math.round((counts[i % counts.length] ?? counts[0]) * SCALE)));
}

/** Sends per second of one service between two instants (Notify's arrival times). */
function rateOf(times: number[], from: number, to: number): number {
  if (to <= from) return NaN;
  return times.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
}

async function main(): Promise<void> {
  await prepareTemplateDatabase();
  const counts = noticeCounts();
  const templates = { [SMS_TEMPLATE]: { type: 'sms' as const, body: '((body))' }, [EMAIL_TEMPLATE]: { type: 'email' as const, subject: '((subject))', body: '((body))' } };
  const h = await startDeliveryHarness(
    { NOTIFY_RATE_PER_MINUTE: String(RATE) },
    { notifyServices: counts.map(() => ({ templates, ratePerMinute: RATE, dailyLimits: { sms: 250_000, email: 250_000, letter: 20_000 } })) },
  );
  const prefix = process.env.QUEUE_PREFIX!;
  const workers: WorkerProcess[] = [];
  try {
    const national = await h.api.bearer(Role.NationalAdmin);
    const trusts: TrustFixture[] = [h.trust];
    while (trusts.length < TRUSTS) trusts.push(await createTrust(h.api, national, `Bench Trust ${trusts.length + 1}`));
    const services = trusts.map((_, i) => h.notify.services[i + 1]);
    for (const [i, trust] of trusts.entries()) {
      const put = await h.api.request('PUT', `/api/v1/trusts/${trust.trustId}/notify-service`, {
        token: trust.admin,
        body: { apiKey: services[i].apiKey, callbackToken: `bench-callback-${i}-${'x'.repeat(32)}`, templates: { sms: SMS_TEMPLATE, email: EMAIL_TEMPLATE }, ratePerMinute: RATE },
      });
      if (put.status !== 200) throw new Error(`notify-service of trust ${i}: ${put.status} ${put.text}`);
    }
    const total = counts.reduce((a, b) => a + b, 0);
    console.log(`${TRUSTS} trusts, ${n(total)} notices (largest ${n(counts[0])}, smallest ${n(counts.at(-1)!)}), ${WORKERS} workers`);

    // Patients, each with their own mobile (phone networks cap texts per number).
    const patientsOf: string[][] = [];
    let seed = 0;
    for (const [i, trust] of trusts.entries()) {
      const ids: string[] = [];
      for (let done = 0; done < counts[i]; done += 10_000) {
        const size = Math.min(10_000, counts[i] - done);
        const rows = await h.api.dataSource.query(
          `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile)
           SELECT $1, nhs, 'Sam', 'Patient', DATE '1970-01-01', '+4477' || lpad((1000000 + $3::int + ord)::text, 8, '0')
           FROM unnest($2::text[]) WITH ORDINALITY AS u(nhs, ord) RETURNING id`,
          [trust.trustId, Array.from({ length: size }, (_, k) => validNhsNumber(700_000 + seed + k)), seed],
        );
        seed += size;
        ids.push(...rows.map((r: { id: string }) => r.id));
      }
      patientsOf.push(ids);
    }
    // Recall traffic goes to a mid-sized trust; the 429 storm hits the smallest (its delay still fits the bound).
    const recallTrust = Math.floor(TRUSTS / 2);
    const stormTrust = TRUSTS - 1;
    const [{ ods_code: ods }] = await h.api.dataSource.query(`SELECT ods_code FROM trust WHERE id = $1`, [trusts[recallTrust].trustId]);
    const staffIds: string[] = (
      await h.api.dataSource.query(
        `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, mobile)
         SELECT $1, $2 || 'R' || k, 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', '+4477009' || lpad(k::text, 5, '0') FROM generate_series(1, $3::int) k RETURNING id`,
        [trusts[recallTrust].trustId, ods, RECALLS],
      )
    ).map((r: { id: string }) => r.id);

    for (let i = 0; i < WORKERS; i++) workers.push(await WorkerProcess.start(h.env));
    console.log(`${WORKERS} worker processes started; committing the national notices`);

    // Every trust's postponement notices, committed in one transaction, soonest appointment first.
    const outbox = h.api.app.get(NotificationOutbox);
    const base = Date.now() + DAY_MS;
    const notices: NewNotification[] = [];
    for (const [i, trust] of trusts.entries()) {
      patientsOf[i].forEach((patientId, k) => {
        const deadline = new Date(base + (k % 5_000) * 60_000);
        notices.push({
          trustId: trust.trustId,
          recipient: { type: 'patient', patientId },
          purpose: 'walkout-postponement',
          personalisation: { givenName: 'Sam', trustName: `Trust ${i + 1}`, appointments: [{ startsAt: deadline.toISOString(), description: 'Outpatient appointment', place: 'Bench Hospital' }] },
          deadline,
          dedupeKey: `bench-ns-${i}-${k}`,
        } as NewNotification);
      });
    }
    await h.api.dataSource.transaction((manager) => outbox.createMany(manager, notices));
    const start = Date.now();
    const bound = (counts[0] / (RATE / 60)) * 1000;
    console.log(`committed at ${new Date(start).toISOString()}; bound ${(bound / 1000).toFixed(1)} s`);

    // Recalls: one every ~1 s from the moment every trust is at its rate.
    await sleep(WARMUP_MS + BASELINE_MS);
    const recallAt: { id: string; committed: number }[] = [];
    const recallPhaseStart = Date.now();
    for (let r = 0; r < RECALLS; r++) {
      const incidentId = randomUUID();
      await h.api.dataSource.transaction(async (manager) => {
        await outbox.createMany(manager, [
          {
            trustId: trusts[recallTrust].trustId,
            recipient: { type: 'staff', staffId: staffIds[r] },
            purpose: 'recall',
            personalisation: { givenName: 'Alex', trustName: 'Bench Trust', sites: ['Bench Hospital'], linkToken: 'bench-token', reason: 'major-incident' },
            subjectId: incidentId,
            dedupeKey: `bench-recall-${incidentId}`,
          } as NewNotification,
        ]);
      });
      const [{ id }] = await h.api.dataSource.query(`SELECT id FROM notification WHERE subject_id = $1`, [incidentId]);
      recallAt.push({ id, committed: Date.now() });
      await sleep(1_000);
    }
    const recallPhaseEnd = Date.now();

    // The storm: the smallest trust's key refused for STORM_MS.
    await sleep(SETTLE_MS);
    const stormStart = Date.now();
    services[stormTrust].setBehaviour({ refuseUntil: stormStart + STORM_MS });
    await sleep(STORM_MS);
    const stormEnd = Date.now();

    // Wait for everything.
    const timeout = Math.max(600_000, bound * 3);
    while (Date.now() - start < timeout) {
      const [{ left }] = await h.api.dataSource.query(`SELECT count(*)::int AS left FROM notification WHERE status IN ('pending', 'queued', 'sending')`);
      if (left === 0) break;
      await sleep(2_000); // the figures come from Notify's arrival times; this count only says when to stop
    }
    const [{ sent }] = await h.api.dataSource.query(`SELECT count(*)::int AS sent FROM notification WHERE recipient_type = 'patient' AND status = 'sent'`);

    // Figures from Notify's side: arrival time of every message, per service.
    const recallIds = new Set(recallAt.map((r) => r.id));
    const timesOf = services.map((service) => service.received.filter((m) => !recallIds.has(m.reference ?? '')).map((m) => m.receivedAt.getTime()));
    const lastNotice = Math.max(...timesOf.flat());
    const elapsed = lastNotice - start;
    // The storm holds its own trust back by its length: the ratio without that trust is the one the bound is about.
    const lastExceptStorm = Math.max(...timesOf.filter((_, i) => i !== stormTrust).flat());
    const elapsedExceptStorm = lastExceptStorm - start;
    const rateLimited = services.map((s) => s.counts.rateLimited);
    const stormOnly429 = rateLimited[stormTrust];
    const other429 = rateLimited.reduce((a, b) => a + b, 0) - stormOnly429;
    const recallMs = recallAt.map((r) => {
      const at = h.notify.allReceived().find((m) => m.reference === r.id);
      return at ? at.receivedAt.getTime() - r.committed : Number.NaN;
    });
    const recallServices = new Set(recallAt.map((r) => h.notify.allReceived().find((m) => m.reference === r.id)?.serviceId));

    // Rate changes: a trust counts only if it was still sending at the end of the phase compared.
    const baselineFrom = start + WARMUP_MS;
    const baselineTo = recallPhaseStart;
    const changeDuring = (from: number, to: number, except: number) =>
      timesOf
        .map((times, i) => ({ i, last: Math.max(...times), base: rateOf(times, baselineFrom, baselineTo), during: rateOf(times, from, to) }))
        .filter((t) => t.i !== except && t.last > to && t.base > 0)
        .map((t) => ({ trust: t.i + 1, base: t.base, during: t.during, change: (t.during - t.base) / t.base }));
    const duringRecalls = changeDuring(recallPhaseStart, recallPhaseEnd, recallTrust);
    const duringStorm = changeDuring(stormStart + SETTLE_MS, stormEnd, stormTrust);
    const worst = (rows: { change: number }[]) => (rows.length ? Math.max(...rows.map((r) => Math.abs(r.change))) : Number.NaN);
    // "No other trust's rate drops": a drop is a fall below the trust's own baseline; a rise is not one.
    const largestDrop = (rows: { change: number }[]) => (rows.length ? Math.max(0, ...rows.map((r) => -r.change)) : Number.NaN);
    const largestRise = (rows: { change: number }[]) => (rows.length ? Math.max(0, ...rows.map((r) => r.change)) : Number.NaN);

    const figures = {
      trusts: TRUSTS,
      workers: WORKERS,
      ratePerMinute: RATE,
      notices: total,
      noticesSent: sent,
      largestTrust: counts[0],
      boundSeconds: bound / 1000,
      lastNoticeSeconds: elapsed / 1000,
      ratio: elapsed / bound,
      ratioWithoutTheStormTrust: elapsedExceptStorm / bound,
      rateLimited429sOutsideTheStorm: other429,
      stormTrust429s: stormOnly429,
      recallMedianMs: pct(recallMs, 50),
      recallP99Ms: pct(recallMs, 99),
      recallsThroughTheirTrustsService: recallServices.size === 1 && recallServices.has(services[recallTrust].serviceId),
      worstRateChangeDuringRecalls: worst(duringRecalls),
      largestRateDropDuringRecalls: largestDrop(duringRecalls),
      largestRateRiseDuringRecalls: largestRise(duringRecalls),
      trustsComparedDuringRecalls: duringRecalls.length,
      worstRateChangeDuringStorm: worst(duringStorm),
      largestRateDropDuringStorm: largestDrop(duringStorm),
      largestRateRiseDuringStorm: largestRise(duringStorm),
      trustsComparedDuringStorm: duringStorm.length,
    };
    console.log(JSON.stringify(figures, null, 2));
    // Where a shortfall is: every service's arrivals, second by second from the commit.
    const perSecond = new Array(Math.ceil(elapsed / 1000) + 1).fill(0);
    for (const t of timesOf.flat()) perSecond[Math.floor((t - start) / 1000)] += 1;
    console.log(`arrivals per second, all services: ${perSecond.join(' ')}`);
    const met = (ok: boolean) => (ok ? 'met' : 'missed');
    const change = (value: number) => (Number.isNaN(value) ? 'n/a (no trust still sending)' : `${(value * 100).toFixed(1)} %`);
    const body = `${n(TRUSTS)} trusts, each connected to its own GOV.UK Notify service through \`PUT …/notify-service\` (key checked with
Notify), each key at **${n(RATE)}/min**; the national walkout's **${n(total)} notices** sized per trust as bench:national's
(largest ${n(counts[0])}, smallest ${n(counts.at(-1)!)}), committed in one transaction; **${WORKERS} worker processes** (the real
worker entry point) sending through the official client to the Notify-compatible test server, which runs the ${n(TRUSTS)}
services and enforces each key's rolling-minute rate and daily limits with Notify's 429s. Scale ${SCALE}.

| measure | figure | target |
|---|---|---|
| bound: largest trust's notices ÷ ${n(RATE / 60)}/s | ${(bound / 1000).toFixed(1)} s | |
| commit → last notice at Notify | ${(elapsed / 1000).toFixed(1)} s | |
| **ratio** (every trust but the storm's, which the storm holds back ${STORM_MS / 1000} s by design) | **${(elapsedExceptStorm / bound).toFixed(3)} ×** | ≤ ${TARGET_RATIO} × (${met(elapsedExceptStorm / bound <= TARGET_RATIO)}) |
| ratio with the storm's trust | ${(elapsed / bound).toFixed(3)} × | |
| 429s from a key's rate limit (the storm's aside) | ${n(other429)} | 0 (${met(other429 === 0)}) |
| notices sent | ${n(sent)} of ${n(total)} | all |
| ${RECALLS} recalls in trust ${recallTrust + 1}: commit → at Notify, median / p99 | ${n(pct(recallMs, 50))} ms / ${n(pct(recallMs, 99))} ms | < ${TARGET_RECALL_MS} ms (${met(pct(recallMs, 99) < TARGET_RECALL_MS)}) |
| other trusts' rate while the recalls went (${duringRecalls.length} trusts compared): largest drop / largest rise | ${change(largestDrop(duringRecalls))} / ${change(largestRise(duringRecalls))} | none drops beyond the ${TARGET_RATE_CHANGE * 100} % the storm is held to (${met(largestDrop(duringRecalls) <= TARGET_RATE_CHANGE)}) |
| trust ${stormTrust + 1}'s key refused for ${STORM_MS / 1000} s: other trusts' largest rate change (${duringStorm.length} compared; largest drop / rise ${change(largestDrop(duringStorm))} / ${change(largestRise(duringStorm))}) | ${change(worst(duringStorm))} | ≤ ${TARGET_RATE_CHANGE * 100} % (${met(worst(duringStorm) <= TARGET_RATE_CHANGE)}) |
| 429s the storm's key answered | ${n(stormOnly429)} | |

Rates are Notify's arrivals per second per service, compared with the same trust's rate from ${WARMUP_MS / 1000} s after the
commit to the first recall; a trust is compared only while it still had notices to send. The recalls are written to the
outbox as a declaration writes them (one recall message each, 1 s apart), timed from their commit.`;
    if (WRITE) writeBenchmarkSection('Every trust on its own Notify service (bench:notify-services)', body);
    else console.log(`\n(scale ${SCALE}: docs/benchmarks.md not written; BENCH_NS_WRITE=1 to write it)\n\n${body}`);
  } finally {
    for (const worker of workers) await worker.kill('SIGTERM').catch(() => undefined);
    await h.close();
    // The rest of the backlog is still in Redis under this run's prefix: remove it.
    await removeBenchQueues(prefix);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
