import { ErrorDetail } from '@app/core';
import { NotifyClient } from 'notifications-node-client';
import { NotifyChannel } from '../messages/notify-purpose';

interface NotifyHttpError {
  response?: { status?: number; data?: { errors?: { error?: string; message?: string }[] } };
  message?: string;
}

/** What Notify said, in one line for an error detail (its own words; never the key). */
function notifySaid(error: NotifyHttpError): string {
  return error.response?.data?.errors?.map((e) => e.message ?? e.error).join('; ') ?? error.message ?? 'no detail';
}

export type NotifyCheckOutcome = { ok: true } | { ok: false; unavailable: true; message: string } | { ok: false; unavailable: false; problems: ErrorDetail[] };

/**
 * Asks GOV.UK Notify, with the service's own key and the official client, whether each template id
 * exists in that service and is of the channel it is given for (`GET /v2/template/:id`). A key Notify
 * refuses is reported once, on `apiKey`; a template it does not know, on that template's field.
 */
export async function checkNotifyTemplates(
  apiKey: string,
  baseUrl: string | null,
  apiKeyField: string,
  fields: { field: string; templateId: string; channel: NotifyChannel }[],
): Promise<NotifyCheckOutcome> {
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  const ids = [...new Set(fields.map((f) => f.templateId))];
  const answers = await Promise.all(
    ids.map(async (id) => {
      try {
        const response = await client.getTemplateById(id);
        return { id, type: (response.data as { type?: string }).type ?? null, error: null as NotifyHttpError | null };
      } catch (error) {
        return { id, type: null, error: error as NotifyHttpError };
      }
    }),
  );
  const unreachable = answers.find((a) => a.error && (a.error.response?.status === undefined || a.error.response.status >= 500 || a.error.response.status === 429));
  if (unreachable) return { ok: false, unavailable: true, message: `GOV.UK Notify could not check the service: ${notifySaid(unreachable.error!)}` };
  const refusedKey = answers.find((a) => a.error && (a.error.response?.status === 401 || a.error.response?.status === 403));
  if (refusedKey) return { ok: false, unavailable: false, problems: [{ field: apiKeyField, message: `GOV.UK Notify refused this key: ${notifySaid(refusedKey.error!)}` }] };
  const byId = new Map(answers.map((a) => [a.id, a]));
  const problems: ErrorDetail[] = [];
  for (const { field, templateId, channel } of fields) {
    const answer = byId.get(templateId)!;
    if (answer.error) problems.push({ field, message: `GOV.UK Notify has no template ${templateId} in this service: ${notifySaid(answer.error)}` });
    else if (answer.type !== channel) problems.push({ field, message: `is a ${answer.type} template in GOV.UK Notify; this needs a ${channel} template` });
  }
  return problems.length ? { ok: false, unavailable: false, problems } : { ok: true };
}

export type NotifyTestSendOutcome =
  | { ok: true; notifyId: string }
  | { ok: false; unavailable: true; message: string }
  | { ok: false; unavailable: false; problems: ErrorDetail[] };

/** Sends one message straight through the service (a connection test): refusals name the field at fault. */
export async function sendOneNotifyMessage(
  apiKey: string,
  baseUrl: string | null,
  message: { channel: 'sms' | 'email'; templateId: string; to: string; subject: string; body: string; reference: string; smsSenderId: string | null; emailReplyToId: string | null },
): Promise<NotifyTestSendOutcome> {
  const client = baseUrl ? new NotifyClient(baseUrl, apiKey) : new NotifyClient(apiKey);
  const toField = message.channel === 'sms' ? 'phoneNumber' : 'email';
  try {
    const response =
      message.channel === 'sms'
        ? await client.sendSms(message.templateId, message.to, { personalisation: { body: message.body }, reference: message.reference, ...(message.smsSenderId ? { smsSenderId: message.smsSenderId } : {}) })
        : await client.sendEmail(message.templateId, message.to, {
            personalisation: { subject: message.subject, body: message.body },
            reference: message.reference,
            ...(message.emailReplyToId ? { emailReplyToId: message.emailReplyToId } : {}),
          });
    return { ok: true, notifyId: (response.data as { id: string }).id };
  } catch (caught) {
    const error = caught as NotifyHttpError;
    const status = error.response?.status;
    if (status === undefined || status >= 500) return { ok: false, unavailable: true, message: `GOV.UK Notify could not take the test message: ${notifySaid(error)}` };
    if (status === 401 || status === 403) return { ok: false, unavailable: false, problems: [{ field: 'apiKey', message: `GOV.UK Notify refused the stored key: ${notifySaid(error)}` }] };
    return { ok: false, unavailable: false, problems: [{ field: toField, message: `GOV.UK Notify refused the test message: ${notifySaid(error)}` }] };
  }
}
