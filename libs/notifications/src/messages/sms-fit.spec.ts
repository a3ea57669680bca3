import { NOTIFY_PURPOSES } from './notify-purpose';
import { SMS_FITS_BY_CONSTRUCTION, smsTooLong, textTooLongForSms } from './sms-fit';

describe('refusing a text too long for Notify when it is written', () => {
  it('names the field and counts as Notify does (€ twice; a Welsh text by character)', () => {
    expect(textTooLongForSms('note', 'a'.repeat(99) + '€', 100)).toEqual({ field: 'note', message: expect.stringContaining('is 101 characters') });
    expect(textTooLongForSms('note', 'a'.repeat(100), 100)).toBeNull();
    expect(textTooLongForSms('note', 'ŵ'.repeat(100), 100)).toBeNull();
  });

  it('renders a message as it would go at its longest (with the reply line) and passes one that fits', () => {
    const recall = { givenName: 'Sam', trustName: 'Royal Free London NHS Foundation Trust', sites: ['Barnet Hospital'], linkToken: 't', reason: 'major-incident' as const };
    expect(smsTooLong('recall', recall, 'https://example.nhs.uk', 'description')).toBeNull();
  });

  it('renders nothing for the purposes proven to fit at their longest (every wording today: messages.spec.ts)', () => {
    expect([...SMS_FITS_BY_CONSTRUCTION].sort()).toEqual([...NOTIFY_PURPOSES].sort());
  });
});
