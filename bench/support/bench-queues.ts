import { QueueName } from '@app/core';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';

/** Removes every queue of a run's prefix from Redis: a bench stopped with its backlog still queued leaves it there otherwise. */
export async function removeBenchQueues(prefix: string): Promise<void> {
  const connection = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  try {
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection, prefix });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    }
  } finally {
    connection.disconnect();
  }
}
