import { AppConfig } from '@app/core';
import type { Redis } from 'ioredis';
import { DevMessageStore } from '../operations/dev-messages/dev-message-store';
import { GovukNotifyProvider } from './govuk-notify.provider';
import { LogProvider } from './log.provider';
import { NotificationProvider } from './notification-provider';

/** The worker's provider: GOV.UK Notify, or the log provider that keeps messages for the development viewer. */
export function createNotificationProvider(config: AppConfig, redis: Redis): NotificationProvider {
  if (config.notify.provider === 'govuk-notify') return new GovukNotifyProvider(config.notify.baseUrl);
  // Never in production: the viewer's store holds personal details and live links.
  return new LogProvider(config.nodeEnv === 'production' ? null : new DevMessageStore(redis, config.queuePrefix));
}
