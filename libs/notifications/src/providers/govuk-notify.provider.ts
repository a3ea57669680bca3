import { NotifyClient } from 'notifications-node-client';
import { NotifyChannel } from '../messages/notify-purpose';
import { NotificationProvider, OutgoingMessage, ProviderError } from './notification-provider';

interface NotifyHttpError {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

const TEMPLATE_TYPE: Record<NotifyChannel, string> = { sms: 'sms', email: 'email', letter: 'letter' };

/** GOV.UK Notify through its official client. */
export class GovukNotifyProvider implements NotificationProvider {
  private readonly client: NotifyClient;

  constructor(apiKey: string, baseUrl: string | null) {
    this.client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  }

  async send(message: OutgoingMessage): Promise<{ providerId: string }> {
    try {
      const options = { personalisation: message.personalisation, reference: message.reference };
      let response: { data: { id: string } };
      switch (message.channel) {
        case 'sms':
          response = await this.client.sendSms(message.templateId, message.to as string, options);
          break;
        case 'email':
          response = await this.client.sendEmail(message.templateId, message.to as string, options);
          break;
        case 'letter':
          response = await this.client.sendLetter(message.templateId, {
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

  async findByReference(reference: string, channel: NotifyChannel | null): Promise<{ providerId: string } | null> {
    try {
      const response = await this.client.getNotifications(channel ? TEMPLATE_TYPE[channel] : undefined, undefined, reference, undefined);
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
