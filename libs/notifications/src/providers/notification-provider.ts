import { NotifyChannel } from '../messages/notify-purpose';
import { GenericTemplatePersonalisation } from '../messages/render-message';
import { NotifyLetterAddress } from '../dispatch/channel-fallback';

/** Which GOV.UK Notify service a message goes out through (a trust's own, or the deployment's). */
export interface NotifySender {
  /** `deployment` or the Notify service id: the key of the service's limits. */
  serviceId: string;
  /** Null only with the log provider (development). */
  apiKey: string | null;
  smsSenderId?: string | null;
  emailReplyToId?: string | null;
}

export interface OutgoingMessage {
  /** The service it is sent through: its key signs the request (the JWT issuer is that service). */
  sender: NotifySender;
  /** Our notification id: the only reference Notify sees (never personal data). */
  reference: string;
  channel: NotifyChannel;
  templateId: string;
  to: string | NotifyLetterAddress;
  personalisation: GenericTemplatePersonalisation;
}

export interface NotificationProvider {
  send(message: OutgoingMessage): Promise<{ providerId: string }>;
  /** Used before resending a message whose worker died mid-send: did the provider already accept it? */
  findByReference(reference: string, channel: NotifyChannel | null, sender: NotifySender): Promise<{ providerId: string } | null>;
}

export const NOTIFICATION_PROVIDER = Symbol('NOTIFICATION_PROVIDER');

/**
 * How a failed send is treated: `rate-limited` waits and retries without giving up its place,
 * `daily-limit` (Notify's TooManyRequestsError: the service's messages for the day are used up) waits
 * for the next midnight UTC, `transient` (5xx, network) retries with backoff, `permanent` (Notify's
 * 400s) is a failure the trust has to act on.
 */
export type ProviderFailureKind = 'rate-limited' | 'daily-limit' | 'transient' | 'permanent';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderFailureKind,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}
