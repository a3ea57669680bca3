/**
 * `npm run bench:notifications`: 122,500 notices (a national walkout's patients) through the whole path —
 * outbox rows, relay onto BullMQ, dispatch through the official GOV.UK Notify client to a Notify-compatible
 * test server with no rate limit — next to raw BullMQ (addBulk + a bare worker) on the same Redis in the
 * same run. While the backlog is over 100,000, recalls are declared and the time to their first send is
 * measured.
 */
import 'reflect-metadata';
import { prepareTemplateDatabase } from '@app/core/testing';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { NotificationProvider } from '@app/notifications';
import { DeliveryHarness, postponementNotice, recallNotice, startDeliveryHarness } from '../apps/worker/test/support/delivery-harness';
import { median, writeBenchmarkSection } from './support/benchmark-report';

/** BENCH_NOTICES (default 122,500, a national walkout's notices) shrinks the run to check the script. */
const TOTAL = Number(process.env.BENCH_NOTICES ?? 122_500);
const RECALL_SAMPLES = 25;
/** Recalls are measured only while the backlog is this big (100,000 at full size). */
const BACKLOG_FLOOR = Math.round(TOTAL * (100_000 / 122_500));

async function rawBullmq(): Promise<{ enqueuePerSecond: number; processPerSecond: number }> {
  const connection = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const prefix = `bench-raw-${randomBytes(3).toString('hex')}`;
  const queue = new Queue('raw', { connection, prefix });
  const start = Date.now();
  for (let i = 0; i < TOTAL; i += 1_000) {
    await queue.addBulk(Array.from({ length: Math.min(1_000, TOTAL - i) }, (_, n) => ({ name: 'raw', data: { id: i + n }, opts: { jobId: `raw-${i + n}`, removeOnComplete: true } })));
  }
  const enqueueMs = Date.now() - start;
  let done = 0;
  const processStart = Date.now();
  await new Promise<void>((resolve) => {
    const worker = new Worker('raw', async () => undefined, { connection: connection.duplicate(), prefix, concurrency: 40 });
    worker.on('completed', () => {
      if (++done === TOTAL) void worker.close().then(() => resolve());
    });
  });
  const processMs = Date.now() - processStart;
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return { enqueuePerSecond: (TOTAL / enqueueMs) * 1000, processPerSecond: (TOTAL / processMs) * 1000 };
}

async function sentCount(h: DeliveryHarness): Promise<number> {
  const [{ count }] = await h.api.dataSource.query(`SELECT count(*)::int AS count FROM notification WHERE status = 'sent' AND lane = 'notice'`);
  return count;
}

interface PassFigures {
  outboxMs: number;
  relayMs: number;
  sendMs: number;
}

const PRODUCTION_RATE_PER_MINUTE = 3_000;

/**
 * Recalls declared while 100,000+ patient notices wait, with GOV.UK Notify's real rate (3,000 a minute)
 * in force: the time from the recall's commit to the test server receiving it.
 */
async function recallUnderBacklog(): Promise<number[]> {
  const h = await startDeliveryHarness({ NOTIFY_RATE_PER_MINUTE: String(PRODUCTION_RATE_PER_MINUTE) });
  const patients: string[] = [];
  for (let i = 0; i < TOTAL; i += 10_000) patients.push(...(await h.patients(Math.min(10_000, TOTAL - i))));
  const staff = await h.staff(RECALL_SAMPLES);
  await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, new Date(Date.now() + 7 * 86_400_000))));
  await h.startWorker();
  // At Notify's rate the relay hands the service a small window of batches at a time
  // (docs/decisions/0012-per-service-notice-windows.md): most of the backlog stays pending in the outbox
  // while the window sends, so wait for it to be sending, not for the outbox to empty.
  await h.waitFor(async () => (await sentCount(h)) >= 100, 300_000, 'the backlog to be sending');
  const recallMs: number[] = [];
  for (let i = 0; i < RECALL_SAMPLES; i++) {
    if (TOTAL - (await sentCount(h)) < BACKLOG_FLOOR) break;
    // A distinct mobile per recall, so its arrival at the test server can be spotted.
    const mobile = `+4477009${String(10_000 + i).padStart(5, '0')}`;
    await h.api.dataSource.query(`UPDATE staff SET mobile = $2 WHERE id = $1`, [staff[i], mobile]);
    const before = Date.now();
    await h.enqueue([recallNotice(h.trust.trustId, staff[i], '11111111-2222-4333-8444-555555555555')]);
    await h.waitFor(async () => h.notify.received.some((r) => r.to === mobile), 10_000, 'recall');
    recallMs.push(h.notify.received.find((r) => r.to === mobile)!.receivedAt.getTime() - before);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await h.close();
  return recallMs;
}

/** One pass: 122,500 notices written to the outbox, relayed and sent. */
async function pass(provider: NotificationProvider | undefined): Promise<PassFigures> {
  const h = await startDeliveryHarness();
  const patients: string[] = [];
  for (let i = 0; i < TOTAL; i += 10_000) patients.push(...(await h.patients(Math.min(10_000, TOTAL - i))));
  await h.staff(RECALL_SAMPLES);
  const deadline = new Date(Date.now() + 7 * 86_400_000);

  const outboxStart = Date.now();
  await h.enqueue(patients.map((id) => postponementNotice(h.trust.trustId, id, deadline)));
  const outboxMs = Date.now() - outboxStart;

  await h.startWorker({ provider });
  const relayStart = Date.now();
  await h.waitFor(async () => ((await h.statusCounts()).pending ?? 0) === 0, 300_000, 'relay');
  const relayMs = Date.now() - relayStart;
  await h.waitFor(async () => (await sentCount(h)) === TOTAL, 900_000, 'all sent');
  const sendMs = Date.now() - relayStart;
  await h.close();
  return { outboxMs, relayMs, sendMs };
}


/** Accepts at once: measures this service's own pipeline, without an HTTP client in the way. */
const instantProvider: NotificationProvider = {
  send: async () => ({ providerId: randomUUID() }),
  findByReference: async () => null,
};

async function main(): Promise<void> {
  await prepareTemplateDatabase();
  const raw = await rawBullmq();
  console.log('raw BullMQ', raw);
  const pipeline = await pass(instantProvider);
  console.log('pipeline pass', pipeline);
  const notify = await pass(undefined);
  console.log('notify pass', notify);
  const recallMs = await recallUnderBacklog();
  console.log('recall first-send ms', recallMs);

  const perSecond = (ms: number) => (TOTAL / ms) * 1000;
  const sortedRecall = [...recallMs].sort((a, b) => a - b);
  const p99 = sortedRecall[Math.min(sortedRecall.length - 1, Math.ceil(sortedRecall.length * 0.99) - 1)];
  const figures = {
    raw,
    pipeline: { ...pipeline, enqueuePerSecond: perSecond(pipeline.outboxMs + pipeline.relayMs), dispatchPerSecond: perSecond(pipeline.sendMs), endToEndPerSecond: perSecond(pipeline.outboxMs + pipeline.sendMs) },
    notify: { ...notify, dispatchPerSecond: perSecond(notify.sendMs), endToEndPerSecond: perSecond(notify.outboxMs + notify.sendMs) },
    recallSamples: recallMs.length,
    recallFirstSendMedianMs: median(recallMs),
    recallFirstSendP99Ms: p99,
  };
  console.log(JSON.stringify(figures, null, 2));
  const rate = (n: number) => `${Math.round(n).toLocaleString('en-GB')}/s`;
  const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
  const rawEndToEnd = 1 / (1 / raw.enqueuePerSecond + 1 / raw.processPerSecond);
  if (TOTAL !== 122_500) {
    console.log(`BENCH_NOTICES=${TOTAL}: docs/benchmarks.md not written (a full-size run writes it)`);
    return;
  }
  writeBenchmarkSection(
    'Notifications (bench:notifications)',
    `${TOTAL.toLocaleString('en-GB')} patient notices: outbox rows → relay → BullMQ → dispatcher (reload, channel, shared rate limiter,
claim, send, record) → provider. Raw BullMQ (\`addBulk\` of the same number of jobs, then a bare worker with a no-op
processor) on the same Redis in the same run is the floor. Two providers: an instant in-process one (this service's own
pipeline) and the official \`notifications-node-client\` against the Notify-compatible test server (JWT checked, no rate
limit, running in the same process and so sharing its two cores).

| stage | raw BullMQ | pipeline (instant provider) | ratio | with Notify client + test server | ratio |
|---|---|---|---|---|---|
| enqueue (outbox insert + relay) | ${rate(raw.enqueuePerSecond)} | ${rate(figures.pipeline.enqueuePerSecond)} | ${pct(figures.pipeline.enqueuePerSecond, raw.enqueuePerSecond)} | — | — |
| dispatch | ${rate(raw.processPerSecond)} | ${rate(figures.pipeline.dispatchPerSecond)} | ${pct(figures.pipeline.dispatchPerSecond, raw.processPerSecond)} | ${rate(figures.notify.dispatchPerSecond)} | ${pct(figures.notify.dispatchPerSecond, raw.processPerSecond)} |
| end to end | ${rate(rawEndToEnd)} | ${rate(figures.pipeline.endToEndPerSecond)} | ${pct(figures.pipeline.endToEndPerSecond, rawEndToEnd)} | ${rate(figures.notify.endToEndPerSecond)} | ${pct(figures.notify.endToEndPerSecond, rawEndToEnd)} |

End to end runs from writing the rows to the outbox until the last is recorded as sent; for raw BullMQ it is \`addBulk\`
then the bare worker, one after the other. Target (issue: messages): at least 50% of raw BullMQ end to end.

Pipeline pass: outbox insert ${pipeline.outboxMs} ms, relay ${pipeline.relayMs} ms, all sent ${(pipeline.sendMs / 1000).toFixed(1)} s after the relay started.
Notify pass: outbox insert ${notify.outboxMs} ms, all sent ${(notify.sendMs / 1000).toFixed(1)} s after the relay started.
In production GOV.UK Notify's 3,000 a minute (50/s) is the ceiling, far below either figure.

Recall declared while over ${BACKLOG_FLOOR.toLocaleString('en-GB')} patient notices were queued, with GOV.UK Notify's real rate of ${PRODUCTION_RATE_PER_MINUTE.toLocaleString('en-GB')} a minute
in force (official client, test server): first send median ${median(recallMs)} ms, p99 ${p99} ms over ${recallMs.length} declarations
(target p99 < 500 ms). Recalls have their own queue, relay and workers; patient sends hold back while one is queued.`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
