import { JobName, JOB_QUEUE, QueueService } from '@app/core';
import { escalationJobId } from '@app/recall';
import { walkoutBody } from '../../api/test/support/fixtures';
import { DeliveryHarness, startDeliveryHarness } from './support/delivery-harness';
import { WorkerProcess } from './support/worker-process';

/**
 * Recall through the real worker: BullMQ delayed escalation jobs, the outbox relay and the staff-alert
 * lane, sending through the official GOV.UK Notify client to the Notify-compatible test server.
 */

interface Person {
  id: string;
  mobile: string;
}

let mobileSeed = 10_000;
let siteSeed = 0;

/** A site with an emergency department and `count` striking resident doctors there, each with their own mobile. */
async function siteWithStaff(h: DeliveryHarness, count: number): Promise<{ siteId: string; people: Person[] }> {
  const n = siteSeed++;
  const ods = (await h.api.dataSource.query(`SELECT ods_code FROM trust WHERE id = $1`, [h.trust.trustId]))[0].ods_code;
  const site = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/sites`, { token: h.trust.admin, body: { odsSiteCode: `${ods}${String.fromCharCode(65 + n)}${n % 10}`, name: `Recall site ${n}` } });
  if (site.status !== 201) throw new Error(`site: ${site.text}`);
  const department = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/departments`, { token: h.trust.admin, body: { siteId: site.body.id, name: 'Emergency Department', kind: 'emergency' } });
  const mobiles = Array.from({ length: count }, () => `+4477009${String(mobileSeed++).padStart(5, '0')}`);
  const rows: { id: string; mobile: string }[] = await h.api.dataSource.query(
    `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, site_id, department_id, mobile)
     SELECT $1, 'RC' || substr(m.mobile, 2), 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', $2, $3, m.mobile FROM unnest($4::text[]) AS m(mobile)
     RETURNING id, mobile`,
    [h.trust.trustId, site.body.id, department.body.id, mobiles],
  );
  return { siteId: site.body.id, people: rows };
}

async function startWalkout(h: DeliveryHarness): Promise<void> {
  const now = Date.now();
  h.api.clock.set(new Date(now));
  const walkout = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/walkouts`, {
    token: h.trust.admin,
    body: walkoutBody({ startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), noticeReceivedAt: new Date(now - 20 * 86_400_000).toISOString() }),
  });
  if (walkout.body.status !== 'in-progress') throw new Error(`walkout: ${walkout.text}`);
}

async function declare(h: DeliveryHarness, siteId: string, overrides: Record<string, unknown>): Promise<string> {
  h.api.clock.set(new Date());
  const response = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/major-incidents`, {
    token: h.trust.admin,
    body: { level: 'major', state: 'declared', siteIds: [siteId], description: 'Train derailment', ...overrides },
  });
  if (response.status !== 201) throw new Error(`declare: ${response.status} ${response.text}`);
  return response.body.id;
}

/** What Notify accepted for this incident, by purpose, with the recipient's number and the message text. */
async function sentFor(h: DeliveryHarness, incidentId: string): Promise<{ purpose: string; to: string; body: string; reference: string }[]> {
  const rows: { id: string; purpose: string }[] = await h.api.dataSource.query(`SELECT id, purpose FROM notification WHERE subject_id = $1`, [incidentId]);
  const purposes = new Map(rows.map((r) => [r.id, r.purpose]));
  return h.notify.received
    .filter((r) => r.reference !== null && purposes.has(r.reference))
    .map((r) => ({ purpose: purposes.get(r.reference!)!, to: r.to!, body: String(r.personalisation.body), reference: r.reference! }));
}

function linkIn(body: string): string {
  const match = /\/s\/([A-Za-z0-9_-]{43})/.exec(body);
  if (!match) throw new Error(`no recall link in: ${body}`);
  return match[1];
}

async function answer(h: DeliveryHarness, message: { body: string }, attending: boolean, etaMinutes?: number): Promise<void> {
  h.api.clock.set(new Date());
  const response = await h.api.request('POST', `/s/${linkIn(message.body)}/respond`, { body: { attending, ...(etaMinutes === undefined ? {} : { etaMinutes }) } });
  if (response.status !== 200) throw new Error(`answer: ${response.status} ${response.text}`);
}

async function auditActions(h: DeliveryHarness, incidentId: string): Promise<string[]> {
  const rows: { action: string }[] = await h.api.dataSource.query(`SELECT action FROM incident_audit WHERE incident_id = $1 ORDER BY id`, [incidentId]);
  return rows.map((r) => r.action);
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Nothing of this incident is still on its way (the worker has finished with every message). */
async function settled(h: DeliveryHarness, incidentId: string): Promise<boolean> {
  const [{ unsent }] = await h.api.dataSource.query(`SELECT count(*)::int AS unsent FROM notification WHERE subject_id = $1 AND status IN ('pending', 'queued', 'sending')`, [incidentId]);
  return unsent === 0;
}

describe('recall through the real worker and queues', () => {
  let h: DeliveryHarness;

  beforeAll(async () => {
    // Stand-downs are held 2 s here (a minute by default) so the test sees the hold end.
    h = await startDeliveryHarness({ RECALL_STAND_DOWN_HOLD_SECONDS: '2' });
    await h.startWorker();
    await startWalkout(h);
  }, 120_000);
  afterAll(() => h.close(), 120_000);

  it('sends the recall, reminds only those who have not answered when too few are coming, then stops at the last round', async () => {
    const { siteId, people } = await siteWithStaff(h, 6);
    const incidentId = await declare(h, siteId, { attendingTarget: 4, escalateAfterSeconds: 8, maxEscalationRounds: 1 });

    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall').length === 6, 60_000, 'six recall messages at Notify');
    const recalls = (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall');
    expect(new Set(recalls.map((m) => m.to))).toEqual(new Set(people.map((p) => p.mobile)));
    // Once sent, the token is gone from the outbox row too: only the recipient holds it. (The worker
    // records the send just after Notify accepts it, so wait for the rows, not the messages.)
    await h.waitFor(
      async () => {
        const [{ unrecorded }] = await h.api.dataSource.query(`SELECT count(*)::int AS unrecorded FROM notification WHERE subject_id = $1 AND purpose = 'recall' AND status IN ('pending', 'queued', 'sending')`, [incidentId]);
        return unrecorded === 0;
      },
      60_000,
      'the six recalls recorded as sent',
    );
    const [{ tokens }] = await h.api.dataSource.query(`SELECT count(*)::int AS tokens FROM notification WHERE subject_id = $1 AND purpose = 'recall' AND personalisation ? 'linkToken'`, [incidentId]);
    expect(tokens).toBe(0);

    const [first, second] = people;
    await answer(h, recalls.find((m) => m.to === first.mobile)!, true, 15);
    await answer(h, recalls.find((m) => m.to === second.mobile)!, false);

    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall-reminder').length === 4, 120_000, 'four reminders at Notify');
    const reminders = (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall-reminder');
    expect(new Set(reminders.map((m) => m.to))).toEqual(new Set(people.slice(2).map((p) => p.mobile)));
    expect(reminders[0].body).toMatch(/^URGENT REMINDER/);

    // Answering through the reminder's own link works.
    await answer(h, reminders.find((m) => m.to === people[2].mobile)!, true, 40);

    await h.waitFor(async () => (await auditActions(h, incidentId)).includes('escalation-stopped'), 120_000, 'the last round to be reached');
    expect(await auditActions(h, incidentId)).toEqual(['incident-created', 'incident-declared', 'recall-started', 'recall-response', 'recall-response', 'escalation', 'recall-response', 'escalation-stopped']);
    const [stopped] = await h.api.dataSource.query(`SELECT details FROM incident_audit WHERE incident_id = $1 AND action = 'escalation-stopped'`, [incidentId]);
    expect(stopped.details).toEqual({ round: 1, reason: 'MAX_ROUNDS_REACHED' });
    expect(countBy(await sentFor(h, incidentId), (m) => m.purpose)).toEqual({ recall: 6, 'recall-reminder': 4 });

    const rollCall = await h.api.request('GET', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${incidentId}/roll-call`, { token: h.trust.viewer });
    expect(rollCall.body).toEqual(expect.objectContaining({ cohort: 6, notified: 6, attending: 2, unavailable: 1, noResponse: 3, eta: { within30: 1, within60: 1, over60: 0, unknown: 0 } }));
  }, 300_000);

  it('stand-down removes the pending escalation, so nobody is reminded, and tells everyone recalled', async () => {
    const { siteId, people } = await siteWithStaff(h, 3);
    const declaredAt = Date.now();
    const incidentId = await declare(h, siteId, { attendingTarget: 3, escalateAfterSeconds: 6 });
    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall').length === 3, 60_000, 'three recall messages');
    const queues = h.api.app.get(QueueService);
    expect((await queues.findJob(JobName.EscalateRecall, escalationJobId(incidentId, 0)))?.state).toBe('delayed');

    h.api.clock.set(new Date());
    const standDown = await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${incidentId}/stand-down`, { token: h.trust.admin });
    expect(standDown.status).toBe(200);
    expect(standDown.body.standDown).toEqual({ told: 3, withdrawn: 0 });
    expect(await queues.findJob(JobName.EscalateRecall, escalationJobId(incidentId, 0))).toBeUndefined();
    // Held first (a new declaration in the next moments would withdraw them), then sent.
    const held = await h.api.dataSource.query(`SELECT held_reason FROM notification WHERE subject_id = $1 AND purpose = 'recall-stand-down' AND status = 'pending'`, [incidentId]);
    expect(held).toEqual([{ held_reason: 'coalescing' }, { held_reason: 'coalescing' }, { held_reason: 'coalescing' }]);

    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall-stand-down').length === 3, 60_000, 'three stand-down messages');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, declaredAt + 7_000 - Date.now()))); // past the time the escalation would have run
    const sent = await sentFor(h, incidentId);
    expect(countBy(sent, (m) => m.purpose)).toEqual({ recall: 3, 'recall-stand-down': 3 });
    expect(new Set(sent.filter((m) => m.purpose === 'recall-stand-down').map((m) => m.to))).toEqual(new Set(people.map((p) => p.mobile)));
    expect(sent.find((m) => m.purpose === 'recall-stand-down')!.body).toMatch(/stood down the major incident/);
    const [{ reminders }] = await h.api.dataSource.query(`SELECT count(*)::int AS reminders FROM notification WHERE subject_id = $1 AND purpose = 'recall-reminder'`, [incidentId]);
    expect(reminders).toBe(0);
    expect(await auditActions(h, incidentId)).not.toContain('escalation');
  }, 300_000);

  it('running the same escalation job twice, even at the same moment, reminds each person once', async () => {
    const { siteId, people } = await siteWithStaff(h, 3);
    const incidentId = await declare(h, siteId, { attendingTarget: 3, escalateAfterSeconds: 3_600, maxEscalationRounds: 2 });
    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall').length === 3, 60_000, 'three recall messages');

    // Two deliveries of the round-0 check (as after a stalled job is retried), run concurrently by the worker.
    const queues = h.api.app.get(QueueService);
    const payload = { trustId: h.trust.trustId, incidentId, round: 0 };
    await queues.enqueueMany([
      { name: JobName.EscalateRecall, data: payload, jobId: `again-a-${incidentId}` },
      { name: JobName.EscalateRecall, data: payload, jobId: `again-b-${incidentId}` },
    ]);
    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall-reminder').length >= 3, 90_000, 'reminders at Notify');
    await h.waitFor(async () => {
      const counts = await queues.countJobs(JOB_QUEUE[JobName.EscalateRecall], ['active', 'waiting']);
      return counts.active + counts.waiting === 0;
    }, 60_000, 'both jobs done');
    await h.waitFor(() => settled(h, incidentId), 90_000, 'every message of the incident sent');

    const reminders = (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall-reminder');
    expect(countBy(reminders, (m) => m.to)).toEqual(Object.fromEntries(people.map((p) => [p.mobile, 1])));
    expect((await auditActions(h, incidentId)).filter((a) => a === 'escalation')).toHaveLength(1);
    const [incident] = await h.api.dataSource.query(`SELECT last_completed_round FROM major_incident WHERE id = $1`, [incidentId]);
    expect(incident.last_completed_round).toBe(1);

    h.api.clock.set(new Date());
    await h.api.request('POST', `/api/v1/trusts/${h.trust.trustId}/major-incidents/${incidentId}/stand-down`, { token: h.trust.admin });
  }, 300_000);
});

describe('recall across worker restarts', () => {
  let h: DeliveryHarness;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    h = await startDeliveryHarness();
    await startWalkout(h);
  }, 120_000);
  afterAll(async () => {
    for (const worker of workers) await worker.kill('SIGKILL');
    await h.close();
  }, 120_000);

  it('a worker killed before the escalation and another restarted after it send every recall and reminder exactly once', async () => {
    const first = await WorkerProcess.start(h.env);
    workers.push(first);
    const { siteId, people } = await siteWithStaff(h, 4);
    const incidentId = await declare(h, siteId, { attendingTarget: 4, escalateAfterSeconds: 15, maxEscalationRounds: 1 });
    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall').length === 4, 90_000, 'four recall messages');
    await answer(h, (await sentFor(h, incidentId)).find((m) => m.to === people[0].mobile)!, true, 10);
    await h.waitFor(async () => (await h.api.dataSource.query(`SELECT 1 FROM notification WHERE subject_id = $1 AND status = 'sent'`, [incidentId])).length === 4, 60_000, 'the four recorded as sent');

    // Killed while the escalation is still a delayed job in Redis.
    await first.kill('SIGKILL');
    const second = await WorkerProcess.start(h.env);
    workers.push(second);
    await h.waitFor(async () => (await sentFor(h, incidentId)).filter((m) => m.purpose === 'recall-reminder').length === 3, 180_000, 'three reminders after the restart');

    // Restarted again after the escalation: the sweeper finds the round-1 check already queued.
    await second.kill('SIGTERM');
    const third = await WorkerProcess.start(h.env);
    workers.push(third);
    await h.waitFor(async () => (await auditActions(h, incidentId)).includes('escalation-stopped'), 180_000, 'the last round');
    await h.waitFor(() => settled(h, incidentId), 120_000, 'every message of the incident sent');

    const sent = await sentFor(h, incidentId);
    expect(countBy(sent.filter((m) => m.purpose === 'recall'), (m) => m.to)).toEqual(Object.fromEntries(people.map((p) => [p.mobile, 1])));
    expect(countBy(sent.filter((m) => m.purpose === 'recall-reminder'), (m) => m.to)).toEqual(Object.fromEntries(people.slice(1).map((p) => [p.mobile, 1])));
    expect(new Set(sent.map((m) => m.reference)).size).toBe(sent.length);
    expect((await auditActions(h, incidentId)).filter((a) => a === 'escalation')).toHaveLength(1);
  }, 600_000);
});
