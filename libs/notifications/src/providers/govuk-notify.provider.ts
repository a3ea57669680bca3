import { createSecretKey } from 'node:crypto';
import { NotifyClient } from 'notifications-node-client';
import { NotifyChannel } from '../messages/notify-purpose';
import { NotificationProvider, NotifySender, OutgoingMessage, ProviderError } from './notification-provider';

interface NotifyHttpError {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

const TEMPLATE_TYPE: Record<NotifyChannel, string> = { sms: 'sms', email: 'email', letter: 'letter' };

/**
 * GOV.UK Notify through its official client: one client per API key (each trust's own service, or the
 * deployment's), so every request is signed by the key of the service it is sent through.
 */
export class GovukNotifyProvider implements NotificationProvider {
  private readonly clients = new Map<string, NotifyClient>();

  constructor(private readonly baseUrl: string | null) {}

  private clientFor(sender: NotifySender): NotifyClient {
    if (!sender.apiKey) throw new ProviderError('permanent', `GOV.UK Notify service ${sender.serviceId} has no API key`);
    let client = this.clients.get(sender.apiKey);
    if (!client) {
      client = this.baseUrl ? new NotifyClient(this.baseUrl, sender.apiKey) : new NotifyClient(sender.apiKey);
      signWithKeyObject(client);
      // A changed key leaves its old client behind; a deployment has a few hundred keys at most.
      this.clients.set(sender.apiKey, client);
    }
    return client;
  }

  async send(message: OutgoingMessage): Promise<{ providerId: string }> {
    const client = this.clientFor(message.sender);
    try {
      const options = { personalisation: message.personalisation, reference: message.reference };
      let response: { data: { id: string } };
      switch (message.channel) {
        case 'sms':
          response = await client.sendSms(message.templateId, message.to as string, { ...options, ...(message.sender.smsSenderId ? { smsSenderId: message.sender.smsSenderId } : {}) });
          break;
        case 'email':
          response = await client.sendEmail(message.templateId, message.to as string, { ...options, ...(message.sender.emailReplyToId ? { emailReplyToId: message.sender.emailReplyToId } : {}) });
          break;
        case 'letter':
          response = await client.sendLetter(message.templateId, {
            personalisation: { ...message.personalisation, ...(message.to as object) },
            reference: message.reference,
          });
          break;
      }
      return { providerId: response.data.id };
    } catch (error) {
      throw classify(error as NotifyHttpError);
    }
  }

  async findByReference(reference: string, channel: NotifyChannel | null, sender: NotifySender): Promise<{ providerId: string } | null> {
    const client = this.clientFor(sender);
    try {
      const response = await client.getNotifications(channel ? TEMPLATE_TYPE[channel] : undefined, undefined, reference, undefined);
      const found = (response.data as { notifications?: { id: string; reference?: string }[] }).notifications?.find((n) => n.reference === reference);
      return found ? { providerId: found.id } : null;
    } catch (error) {
      throw classify(error as NotifyHttpError);
    }
  }
}

function classify(error: NotifyHttpError): ProviderError {
  const status = error.response?.status;
  const detail = error.response?.data?.errors?.map((e) => `${e.error}: ${e.message}`).join('; ') ?? error.message ?? 'no detail';
  if (status === 429 && error.response?.data?.errors?.some((e) => e.error === 'TooManyRequestsError')) {
    return new ProviderError('daily-limit', `GOV.UK Notify daily limit: ${detail}`, 429);
  }
  if (status === 429) return new ProviderError('rate-limited', `GOV.UK Notify rate limit: ${detail}`, 429);
  if (status !== undefined && status >= 400 && status < 500) return new ProviderError('permanent', `GOV.UK Notify refused the message (${status}): ${detail}`, status);
  return new ProviderError('transient', `GOV.UK Notify unavailable${status ? ` (${status})` : ''}: ${detail}`, status);
}

/**
 * The client signs every request's JWT (HS256) with `jsonwebtoken`, handing it the key's secret as a
 * string; for a string jsonwebtoken first tries to parse a PEM private key and, when that throws, makes
 * a secret key — on every request. That failed parse was an eighth of a worker's CPU at 1,000 sends a
 * second. Given the secret already as a KeyObject it signs directly; the token is the same.
 */
function signWithKeyObject(client: NotifyClient): void {
  const api = (client as unknown as { apiClient: { apiKeyId: unknown } }).apiClient;
  if (typeof api?.apiKeyId === 'string') api.apiKeyId = createSecretKey(Buffer.from(api.apiKeyId));
}
