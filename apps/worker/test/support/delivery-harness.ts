import { Role } from '@app/core';
import { NotificationOutbox, NewNotification } from '@app/notifications';
import { startNotifyTestServer, NotifyTestServer, NotifyTestServiceOptions } from '@app/notifications/testing';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { NOTIFICATION_PROVIDER, NotificationProvider } from '@app/notifications';
import { startTestApp, TestApp } from '../../../api/test/support/test-app';
import { createTrust, TrustFixture, validNhsNumber } from '../../../api/test/support/fixtures';
import { WorkerModule } from '../../src/worker.module';

export const SMS_TEMPLATE = 'a1b2c3d4-0000-4000-8000-000000000001';
export const EMAIL_TEMPLATE = 'a1b2c3d4-0000-4000-8000-000000000002';

export interface DeliveryHarness {
  api: TestApp;
  notify: NotifyTestServer;
  trust: TrustFixture;
  env: Record<string, string>;
  /** The real worker module; `provider` swaps GOV.UK Notify for another provider (benchmarks). */
  startWorker(options?: { provider?: NotificationProvider }): Promise<INestApplicationContext>;
  /** Patients / staff of the harness's trust, or of `trustId`. */
  patients(count: number, trustId?: string): Promise<string[]>;
  staff(count: number, trustId?: string): Promise<string[]>;
  enqueue(notifications: NewNotification[]): Promise<void>;
  statusCounts(): Promise<Record<string, number>>;
  waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void>;
  /**
   * Waits until the service has recorded `count` texts to these numbers as sent. The test server has the
   * text as soon as the worker's request arrives, but the sent row commits after Notify's answer, and a
   * reply is matched to the texts recorded as sent: a test replying in between would race the worker.
   */
  waitForRecordedTexts(mobiles: readonly string[], count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API and worker (same process, real Postgres and Redis) sending through the official GOV.UK
 * Notify client to the Notify-compatible test server, which checks the client's JWT.
 */
export async function startDeliveryHarness(
  env: Record<string, string> = {},
  options: { notifyServices?: NotifyTestServiceOptions[]; deploymentService?: NotifyTestServiceOptions } = {},
): Promise<DeliveryHarness> {
  // The first service is the deployment's (NOTIFY_API_KEY); `notifyServices` are more, for trusts' own.
  const services = options.notifyServices || options.deploymentService ? [options.deploymentService ?? {}, ...(options.notifyServices ?? [])] : null;
  const notify = await startNotifyTestServer(services ? { services } : {});
  const fullEnv = {
    NOTIFY_PROVIDER: 'govuk-notify',
    NOTIFY_API_KEY: notify.apiKey,
    NOTIFY_BASE_URL: notify.baseUrl,
    NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE,
    NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE,
    NOTIFY_CALLBACK_TOKEN: 'callback-token-for-tests',
    NOTIFY_RATE_PER_MINUTE: '1000000',
    // These tests and the benchmarks measure sending; budgets have their own tests.
    MESSAGE_BUDGET_PATIENT_PER_HOUR: '10000000',
    MESSAGE_BUDGET_PATIENT_PER_DAY: '100000000',
    // Every synthetic patient shares one mobile, so the networks' per-number caps have their own test.
    NOTIFY_SMS_PER_NUMBER_PER_HOUR: '10000000',
    NOTIFY_SMS_IDENTICAL_PER_NUMBER_PER_HOUR: '10000000',
    ...env,
  };
  const api = await startTestApp({ env: fullEnv, now: new Date() });
  const trust = await createTrust(api, await api.bearer(Role.NationalAdmin));
  const workers: INestApplicationContext[] = [];
  let patientSeed = 0;
  let staffSeed = 0;

  const harness: DeliveryHarness = {
    api,
    notify,
    trust,
    env: { ...fullEnv, DATABASE_URL: process.env.DATABASE_URL!, QUEUE_PREFIX: process.env.QUEUE_PREFIX!, DB_MIGRATE: 'false', NODE_ENV: 'test' },
    async startWorker(options = {}) {
      let worker: INestApplicationContext;
      if (options.provider) {
        const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).overrideProvider(NOTIFICATION_PROVIDER).useValue(options.provider).compile();
        worker = moduleRef;
      } else {
        worker = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
      }
      await worker.init();
      workers.push(worker);
      return worker;
    },
    async patients(count, trustId = trust.trustId) {
      const start = patientSeed;
      patientSeed += count;
      const rows = await api.dataSource.query(
        `INSERT INTO patient (trust_id, nhs_number, given_name, family_name, date_of_birth, mobile)
         SELECT $1, unnest($2::text[]), 'Sam', 'Patient', DATE '1970-01-01', '+447700900123' RETURNING id`,
        [trustId, Array.from({ length: count }, (_, n) => validNhsNumber(500_000 + start + n))],
      );
      return rows.map((r: { id: string }) => r.id);
    },
    async staff(count, trustId = trust.trustId) {
      const start = staffSeed;
      staffSeed += count;
      const rows = await api.dataSource.query(
        `INSERT INTO staff (trust_id, staff_number, given_name, family_name, grade, specialty, mobile)
         SELECT $1, 'W' || n, 'Alex', 'Doctor', 'resident-doctor', 'emergency-medicine', '+447700900456' FROM generate_series($2::int, $3::int) n RETURNING id`,
        [trustId, start, start + count - 1],
      );
      return rows.map((r: { id: string }) => r.id);
    },
    async enqueue(notifications) {
      const outbox = api.app.get(NotificationOutbox);
      await api.dataSource.transaction((manager) => outbox.createMany(manager, notifications));
    },
    async statusCounts() {
      const rows = await api.dataSource.query(`SELECT status, count(*)::int AS count FROM notification GROUP BY status`);
      return Object.fromEntries(rows.map((r: { status: string; count: number }) => [r.status, r.count]));
    },
    async waitFor(check, timeoutMs, what) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; statuses: ${JSON.stringify(await harness.statusCounts())}`);
    },
    async waitForRecordedTexts(mobiles, count) {
      await harness.waitFor(
        async () =>
          (
            await api.dataSource.query(
              `SELECT count(*)::int AS n FROM notification n JOIN staff s ON s.id = n.staff_id WHERE s.mobile = ANY($1::text[]) AND n.channel = 'sms' AND n.sent_at IS NOT NULL`,
              [mobiles],
            )
          )[0].n >= count,
        60_000,
        `${count} texts recorded as sent`,
      );
    },
    async close() {
      for (const worker of workers) await worker.close();
      await api.close();
      await notify.close();
    },
  };
  return harness;
}

export function postponementNotice(trustId: string, patientId: string, deadline: Date): NewNotification {
  return {
    trustId,
    recipient: { type: 'patient', patientId },
    purpose: 'walkout-postponement',
    personalisation: {
      givenName: 'Sam',
      trustName: 'Test Trust',
      appointments: [{ startsAt: deadline.toISOString(), description: 'Outpatient appointment', place: 'Chelsea and Westminster Hospital' }],
    },
    deadline,
  } as NewNotification;
}

export function recallNotice(trustId: string, staffId: string, incidentId: string): NewNotification {
  return {
    trustId,
    recipient: { type: 'staff', staffId },
    purpose: 'recall',
    personalisation: { givenName: 'Alex', trustName: 'Test Trust', sites: ['Chelsea and Westminster Hospital'], linkToken: 'tok', reason: 'major-incident' },
    subjectId: incidentId,
  } as NewNotification;
}
