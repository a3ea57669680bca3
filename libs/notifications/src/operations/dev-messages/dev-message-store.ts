import type { Redis } from 'ioredis';
import { NotifyChannel } from '../../messages/notify-purpose';

/** A message as the log provider "sent" it: everything a recipient would have read. */
export interface DevMessage {
  /** Our notification id (the provider reference). */
  id: string;
  channel: NotifyChannel;
  /** Phone number, email address, or the letter's address lines joined. */
  to: string;
  subject: string | null;
  body: string;
  sentAt: string;
}

/** Enough to try the flows of a demo or a test run; older messages drop off the end. */
export const DEV_MESSAGES_KEPT = 200;
const KEPT_FOR_SECONDS = 7 * 24 * 60 * 60;

/**
 * The development message viewer's store (in the tradition of letter_opener and Mailpit): a capped,
 * expiring Redis list under the deployment's key prefix, newest first. It holds personal details and
 * live link tokens, so it exists only outside production — the worker does not create one there and
 * the API does not mount the viewer.
 */
export class DevMessageStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    keyPrefix: string,
  ) {
    this.key = `${keyPrefix}:dev-messages`;
  }

  async record(message: DevMessage): Promise<void> {
    await this.redis.multi().lpush(this.key, JSON.stringify(message)).ltrim(this.key, 0, DEV_MESSAGES_KEPT - 1).expire(this.key, KEPT_FOR_SECONDS).exec();
  }

  /** Newest first. */
  async list(): Promise<DevMessage[]> {
    const rows = await this.redis.lrange(this.key, 0, DEV_MESSAGES_KEPT - 1);
    return rows.flatMap((row) => {
      try {
        return [JSON.parse(row) as DevMessage];
      } catch {
        return [];
      }
    });
  }
}
