/**
 * `npm run bench:recall`: a major incident declared while 100,000 patient notices are queued and being
 * sent at the Notify rate limit. Measures, from the moment the declaration request is sent, when the
 * first and the last of the 2,000 recall messages reached the provider (the Notify-compatible test
 * server, through the official client and this service's shared rate limiter), and checks that no
 * patient message went out between the first and the last recall.
 *
 * BENCH_RECALL_RATE (default 3000 = NOTIFY_RATE_PER_MINUTE, GOV.UK Notify's own limit),
 * BENCH_RECALL_PATIENTS (100000) and BENCH_RECALL_COHORT (2000) change the run; the figures say what ran.
 */
import 'reflect-metadata';
import { prepareTemplateDatabase } from '@app/core/testing';
import { walkoutBody } from '../apps/api/test/support/fixtures';
import { DeliveryHarness, postponementNotice, startDeliveryHarness } from '../apps/worker/test/support/delivery-harness';
import { WorkerProcess } from '../apps/worker/test/support/worker-process';
import { writeBenchmarkSection } from './support/benchmark-report';
import { removeBenchQueues } from './support/bench-queues';

const RATE = Number(process.env.BENCH_RECALL_RATE ?? 3000);
const PATIENTS = Number(process.env.BENCH_RECALL_PATIENTS ?? 100_000);
const COHORT = Number(process.env.BENCH_RECALL_COHORT ?? 2_000);
const TARGET_FIRST_MS = 500;

async function count(h: DeliveryHarness, where: string): Promise<number> {
  const [{ n }] = await h.api.dataSource.query(`SELECT count(*)::int AS n FROM notification WHERE ${where}`);
  return n;
}

async function main(): Promise<void> {
  await prepareTemplateDatabase();
  const h = await startDeliveryHarness({ NOTIFY_RATE_PER_MINUTE: String(RATE) });
  const prefix = process.env.QUEUE_PREFIX!;
  let worker: WorkerProcess | null = null;
  try {
    // The trust, a site with its emergency department, and the striking staff there.
    const [{ ods_code: ods }] = await h.api.dataSource.query(`SELECT ods_code FROM trust WHERE id = $1`, [h.trust.trustId]);
    const site = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/sites`, { token: h.trust.admin, body: { odsSiteCode: `${ods}99`, name: 'Bench General Hospital' } });
    const department = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/departments`, { token: h.trust.admin, body: { siteId: site.body.id, name: 'Emergency Department', kind: 'emergency' } });
    await h.api.dataSource.query(
      `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id, department_id, mobile)
       SELECT $1, 'BR' || n, 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', $2, $3, '+4477008' || lpad(n::text, 5, '0')
       FROM generate_series(1, $4::int) n`,
      [h.trust.trustId, site.body.id, department.body.id, COHORT],
    );
    const now = Date.now();
    h.api.clock.set(new Date(now));
    await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/walkouts`, {
      token: h.trust.admin,
      body: walkoutBody({ startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), noticeReceivedAt: new Date(now - 20 * 86_400_000).toISOString() }),
    });

    // The backlog: 100,000 patient notices in the outbox, relayed onto the queue and sending at the limit.
    const patients: string[] = [];
    for (let i = 0; i < PATIENTS; i += 10_000) patients.push(...(await h.patients(Math.min(10_000, PATIENTS - i))));
    const deadline = new Date(now + 7 * 86_400_000);
    for (let i = 0; i < patients.length; i += 20_000) await h.enqueue(patients.slice(i, i + 20_000).map((id) => postponementNotice(h.trust.trustId, id, deadline)));
    console.log(`${PATIENTS} patient notices in the outbox; starting the worker`);
    // The worker in its own process, as deployed: the API's event loop is not shared with 50 senders.
    worker = await WorkerProcess.start(h.env);
    // The relay hands each Notify service a small window of notice batches at a time (docs/decisions/0012),
    // so most of the backlog stays pending in the outbox while the window sends: wait for it to be sending.
    await h.waitFor(async () => (await count(h, `status = 'sent'`)) >= 200, 60_000, 'the backlog to be sending');
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // steady state at the rate limit
    const queuedBefore = await count(h, `status IN ('pending', 'queued', 'sending') AND recipient_type = 'patient'`);
    console.log(`backlog sending: ${queuedBefore} patient notices still queued; declaring`);

    // The declaration.
    h.api.clock.set(new Date());
    const start = Date.now();
    const response = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/major-incidents`, {
      token: h.trust.admin,
      body: { level: 'major', state: 'declared', siteIds: [site.body.id], description: 'Benchmark: multiple casualties', escalateAfterSeconds: 3600 },
    });
    const requestMs = Date.now() - start;
    if (response.status !== 201 || response.body.recall.cohortSize !== COHORT) throw new Error(`declare: ${response.status} ${response.text.slice(0, 500)}`);
    const incidentId: string = response.body.id;

    const recallIds = new Set<string>(
      (await h.api.dataSource.query(`SELECT id FROM notification WHERE subject_id = $1 AND purpose = 'recall'`, [incidentId])).map((r: { id: string }) => r.id),
    );
    const recalls = () => h.notify.received.filter((r) => r.reference !== null && recallIds.has(r.reference));
    await h.waitFor(async () => recalls().length === COHORT, Math.max(180_000, ((COHORT * 60) / RATE) * 3_000), `all ${COHORT} recall messages at Notify`);

    const times = recalls().map((r) => r.receivedAt.getTime());
    const first = Math.min(...times);
    const last = Math.max(...times);
    const patientIds = new Set(
      (await h.api.dataSource.query(`SELECT id FROM notification WHERE recipient_type = 'patient' AND sent_at IS NOT NULL`)).map((r: { id: string }) => r.id),
    );
    const patientBetween = h.notify.received.filter((r) => r.reference !== null && patientIds.has(r.reference) && r.receivedAt.getTime() > first && r.receivedAt.getTime() < last).length;
    const queuedAfter = await count(h, `status IN ('pending', 'queued', 'sending') AND recipient_type = 'patient'`);
    // Where the time to the first recall went: committed (response), relayed onto the queue, claimed for sending.
    const [stages] = await h.api.dataSource.query(
      `SELECT extract(epoch FROM min(created_at)) * 1000 AS created, extract(epoch FROM min(queued_at)) * 1000 AS queued, extract(epoch FROM min(sending_at)) * 1000 AS sending
       FROM notification WHERE subject_id = $1 AND purpose = 'recall'`,
      [incidentId],
    );

    const figures = {
      ratePerMinute: RATE,
      patientsQueued: PATIENTS,
      patientsStillQueuedAtDeclaration: queuedBefore,
      patientsStillQueuedAfterLastRecall: queuedAfter,
      cohort: COHORT,
      declarationRequestMs: requestMs,
      firstRecallMs: first - start,
      lastRecallMs: last - start,
      recallSpreadMs: last - first,
      recallsPerSecond: Math.round((COHORT - 1) / ((last - first) / 1000)),
      patientMessagesBetweenFirstAndLastRecall: patientBetween,
      firstRecallRelayedMs: Math.round(Number(stages.queued) - start),
      firstRecallClaimedForSendingMs: Math.round(Number(stages.sending) - start),
    };
    console.log(JSON.stringify(figures, null, 2));
    const n = (value: number) => value.toLocaleString('en-GB');
    const theoretical = ((COHORT / RATE) * 60).toFixed(1);
    writeBenchmarkSection(
      'Major-incident recall (bench:recall)',
      `A major incident declared over HTTP while ${n(PATIENTS)} patient notices were queued and sending; the recall cohort is
${n(COHORT)} striking staff at the affected site. Everything real: the API (declaration, cohort selection, recall rows
and outbox rows in one transaction), the outbox relay, BullMQ, the dispatcher with its shared Redis rate limiter, the
official \`notifications-node-client\` and the Notify-compatible test server; the worker runs in its own process, as
deployed, and the API and the test server share the other, all on this machine.
Rate limit in force: **NOTIFY_RATE_PER_MINUTE=${n(RATE)}** (GOV.UK Notify's own limit is 3,000 a minute per key).

| measure | figure |
|---|---|
| declaration request (201 with the cohort) | ${n(requestMs)} ms |
| declaration sent → first recall relayed onto the staff-alert queue / claimed by a sender | ${n(figures.firstRecallRelayedMs)} ms / ${n(figures.firstRecallClaimedForSendingMs)} ms |
| declaration sent → first recall at the provider | **${n(figures.firstRecallMs)} ms** (target < ${TARGET_FIRST_MS} ms: ${figures.firstRecallMs < TARGET_FIRST_MS ? 'met' : 'missed'}) |
| declaration sent → last recall at the provider | ${(figures.lastRecallMs / 1000).toFixed(1)} s (${n(COHORT)} at ${n(RATE)}/min is ${theoretical} s at best) |
| recall send rate, first → last | ${n(figures.recallsPerSecond)}/s |
| patient messages sent between the first and last recall | ${n(patientBetween)} |
| patient notices still queued at the declaration / after the last recall | ${n(queuedBefore)} / ${n(queuedAfter)} |`,
    );
  } finally {
    await worker?.kill('SIGTERM');
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
