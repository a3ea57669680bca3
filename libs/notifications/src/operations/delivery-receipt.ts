import { ErrorDetail } from '@app/core';

export interface DeliveryReceipt {
  providerId: string;
  reference: string;
  status: string;
  completedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NOTIFY_STATUSES = ['created', 'sending', 'pending', 'sent', 'delivered', 'permanent-failure', 'temporary-failure', 'technical-failure', 'pending-virus-check', 'virus-scan-failed', 'validation-failed', 'cancelled', 'accepted', 'received'];

/**
 * GOV.UK Notify's callback body. Checked by hand rather than by a strict DTO: Notify adds fields over time
 * (costs, template details), and refusing a receipt for an unknown field would only make it retry forever.
 */
export function parseDeliveryReceipt(body: unknown): { receipt: DeliveryReceipt } | { problems: ErrorDetail[] } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { problems: [{ field: 'body', message: 'must be a JSON object' }] };
  const value = body as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  if (typeof value.id !== 'string' || !UUID.test(value.id)) problems.push({ field: 'id', message: 'must be the Notify notification id (a UUID)' });
  if (typeof value.reference !== 'string' || !UUID.test(value.reference)) problems.push({ field: 'reference', message: 'must be the reference we sent (a UUID)' });
  if (typeof value.status !== 'string' || !NOTIFY_STATUSES.includes(value.status)) problems.push({ field: 'status', message: 'must be a GOV.UK Notify status' });
  let completedAt: Date | null = null;
  if (value.completed_at !== undefined && value.completed_at !== null) {
    completedAt = typeof value.completed_at === 'string' ? new Date(value.completed_at) : new Date(NaN);
    if (Number.isNaN(completedAt.getTime())) problems.push({ field: 'completed_at', message: 'must be a date-time' });
  }
  if (problems.length) return { problems };
  return { receipt: { providerId: value.id as string, reference: (value.reference as string).toLowerCase(), status: value.status as string, completedAt } };
}
