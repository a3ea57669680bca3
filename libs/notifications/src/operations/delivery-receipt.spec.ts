import { parseDeliveryReceipt } from './delivery-receipt';

const valid = {
  id: '740e5834-3a29-46b4-9a6f-16142fde533a',
  reference: '3f2c1b0e-1234-4d5e-8f90-123456789abc',
  to: '07700900123',
  status: 'delivered',
  created_at: '2026-01-12T09:00:00.000Z',
  completed_at: '2026-01-12T09:00:05.000Z',
  sent_at: '2026-01-12T09:00:01.000Z',
  notification_type: 'sms',
  template_id: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
  template_version: 1,
  cost_in_pounds: 0.0246,
};

describe('parseDeliveryReceipt', () => {
  it("accepts Notify's callback, including fields it may add later", () => {
    expect(parseDeliveryReceipt(valid)).toEqual({
      receipt: { providerId: valid.id, reference: valid.reference, status: 'delivered', completedAt: new Date(valid.completed_at) },
    });
  });

  it('names every field that is wrong', () => {
    const result = parseDeliveryReceipt({ ...valid, id: 'x', reference: 42, status: 'lost', completed_at: 'yesterday' });
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(['id', 'reference', 'status', 'completed_at']);
  });

  it('refuses a body that is not an object', () => {
    expect(parseDeliveryReceipt([valid])).toEqual({ problems: [{ field: 'body', message: 'must be a JSON object' }] });
  });
});
