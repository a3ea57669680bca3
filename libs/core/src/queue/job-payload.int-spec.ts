import { Job, Queue, QueueEvents, Worker } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { InvalidJobPayloadError, JobHandler, jobPayloadParser, runJob } from './job-handler';
import { JobName } from './queue-names';
import { createRedisConnection } from './redis-connection';

const parse = jobPayloadParser(JobName.StartDerogationRecall, { trustId: 'uuid', derogationId: 'uuid' });

describe('a job whose payload is not what its handler takes (real Redis, BullMQ worker)', () => {
  const prefix = `test-payload-${randomUUID().slice(0, 8)}`;
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const producer = createRedisConnection(url, 'worker', 'test-producer');
  const consumer = createRedisConnection(url, 'worker', 'test-consumer');
  const events = createRedisConnection(url, 'worker', 'test-events');
  const queue = new Queue('work', { connection: producer, prefix });
  const queueEvents = new QueueEvents('work', { connection: events, prefix });
  const handled: unknown[] = [];
  const handler: JobHandler<JobName.StartDerogationRecall> = {
    parse,
    handle: async (payload) => {
      handled.push(payload);
    },
  };
  const worker = new Worker('work', (job: Job) => runJob(handler, job.data, { jobId: String(job.id), attemptsMade: job.attemptsMade }), { connection: consumer, prefix });

  afterAll(async () => {
    await worker.close();
    await queueEvents.close();
    await queue.obliterate({ force: true });
    await queue.close();
    for (const connection of [producer, consumer, events]) connection.disconnect();
  });

  it('fails at once with a message naming the field, is not retried, and never reaches the handler', async () => {
    await queueEvents.waitUntilReady();
    const failed = new Promise<string>((resolve) => queueEvents.on('failed', ({ failedReason }) => resolve(failedReason)));
    const job = await queue.add(JobName.StartDerogationRecall, { trustId: randomUUID(), derogationId: 'not-a-uuid' }, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });

    expect(await failed).toBe('job "start-derogation-recall" has a bad payload: derogationId must be a uuid');
    const stored = (await queue.getJob(job.id!))!;
    expect(await stored.getState()).toBe('failed');
    expect(stored.attemptsMade).toBe(1);
    expect(handled).toEqual([]);
  });

  it('hands a good payload to the handler with only the fields it declares', async () => {
    const payload = { trustId: randomUUID(), derogationId: randomUUID() };
    const job = await queue.add(JobName.StartDerogationRecall, { ...payload, extra: 'ignored' });
    await job.waitUntilFinished(queueEvents, 10_000);
    expect(handled).toEqual([payload]);
  });
});

describe('jobPayloadParser', () => {
  const escalate = jobPayloadParser(JobName.EscalateRecall, { trustId: 'uuid', incidentId: 'uuid', round: 'non-negative-integer' });
  const notices = jobPayloadParser(JobName.SendNotices, { notificationIds: 'uuid[]' });
  const id = '00000000-0000-4000-8000-000000000001';

  it('returns the declared fields of a good payload', () => {
    expect(escalate({ trustId: id, incidentId: id, round: 0, more: 1 })).toEqual({ trustId: id, incidentId: id, round: 0 });
    expect(notices({ notificationIds: [id, id] })).toEqual({ notificationIds: [id, id] });
  });

  it.each([
    [null, 'must be an object'],
    [[id], 'must be an object'],
    [{ trustId: id, incidentId: id }, 'round must be a non-negative integer'],
    [{ trustId: id, incidentId: id, round: -1 }, 'round must be a non-negative integer'],
    [{ trustId: id, incidentId: id, round: 1.5 }, 'round must be a non-negative integer'],
    [{ trustId: 'x', incidentId: id, round: 1 }, 'trustId must be a uuid'],
  ])('refuses %j: %s', (data, problem) => {
    expect(() => escalate(data)).toThrow(new InvalidJobPayloadError(JobName.EscalateRecall, problem));
  });

  it('refuses an empty or mixed batch of notices', () => {
    expect(() => notices({ notificationIds: [] })).toThrow('notificationIds must be a non-empty array of uuids');
    expect(() => notices({ notificationIds: [id, 7] })).toThrow('notificationIds must be a non-empty array of uuids');
  });
});
