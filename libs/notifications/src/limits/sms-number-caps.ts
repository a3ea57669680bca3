import { APP_CONFIG, AppConfig, RedisWindowCaps, SharedLimits, WindowCap } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NotificationRepository } from '../notifications/notification.repository';
import { contentDigest, NUMBER_CAP_WINDOW_MS, NumberCaps, phoneNumberDigest } from './sms-number-cap';

export type NumberCapCheck = { allowed: true } | { allowed: false; cap: 'per-hour' | 'identical-per-hour'; retryAt: Date };

/**
 * The per-number caps (sms-number-cap.ts has the rule) for every worker process at once: the
 * dispatcher asks before each text and holds the message back when the number's hour is full. Keys are
 * digests, so Redis holds no phone number and no message content.
 */
@Injectable()
export class SmsNumberCaps {
  private readonly windows: RedisWindowCaps;
  private readonly caps: NumberCaps;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    limits: SharedLimits,
    private readonly notifications: NotificationRepository,
  ) {
    this.caps = config.notify.numberCaps;
    this.windows = limits.windowCaps('sms-number-caps', NUMBER_CAP_WINDOW_MS);
  }

  /** Counts the text against its number (a retry of the same notification is not counted twice). */
  async admit(notificationId: string, phoneNumber: string, content: string): Promise<NumberCapCheck> {
    const [all, identical] = this.keys(phoneNumber, content);
    const decision = await this.windows.admit(notificationId, [
      { key: all, limit: this.caps.perHour },
      { key: identical, limit: this.caps.identicalPerHour },
    ] satisfies WindowCap[]);
    if (decision.allowed) return decision;
    return { allowed: false, cap: decision.fullKey === all ? 'per-hour' : 'identical-per-hour', retryAt: decision.retryAt };
  }

  /**
   * What the dispatcher calls before a text: true to send now; false when the number's hour is full,
   * and the message is then held (pending, `held_reason = number-cap`) until the window has room.
   */
  async admitOrHold(notificationId: string, phoneNumber: string, content: string): Promise<boolean> {
    const check = await this.admit(notificationId, phoneNumber, content);
    if (check.allowed) return true;
    await this.notifications.hold(notificationId, check.retryAt, 'number-cap');
    return false;
  }

  /** Notify did not take the text: it no longer counts against the number. */
  async release(notificationId: string, phoneNumber: string, content: string): Promise<void> {
    await this.windows.release(notificationId, this.keys(phoneNumber, content));
  }

  private keys(phoneNumber: string, content: string): [string, string] {
    const number = phoneNumberDigest(phoneNumber).slice(0, 32);
    return [number, `${number}:${contentDigest(content)}`];
  }
}
