import { SMS_MAX_CHARACTERS, smsCharacterCount } from './message-text';
import { EXERCISE_OPENING } from './recall.message';
import { composeMessage } from './render-message';

const PUBLIC_BASE_URL = 'https://strike-operations.example-hospital-group.nhs.uk/patients-and-staff/links/';
const LONG_TOKEN = 'k3Jx9QmZ0pLw7RtYvB2nC8dF5gH1sA4eU6iO0oP9qW3zX7cV2bN5mL8kJ4hG1fD6';
const LONG = (label: string) => `${label} ${'with a name far longer than any real one '.repeat(4)}`;
const worst = {
  givenName: 'Maximiliana-Alexandrina Wolfeschlegelsteinhausenbergerdorff',
  trustName: LONG('The Robert Jones and Agnes Hunt Orthopaedic Hospital NHS Foundation Trust'),
  contactPhone: '0300 123 4567 ext. 12345 (Mon-Fri)',
  sites: Array.from({ length: 12 }, (_, i) => LONG(`Hospital ${i + 1}`)),
  reason: 'major-incident' as const,
};
const staff = { givenName: 'Sam', trustName: 'Royal Free London NHS Foundation Trust', sites: ['Barnet Hospital'], reason: 'major-incident' as const };

describe('recall wording for drills and fill count', () => {
  it('starts every message of a drill by saying it is an exercise, on every channel, and still fits a text', () => {
    const messages = [
      composeMessage('recall', { ...worst, linkToken: LONG_TOKEN, exercise: true }, PUBLIC_BASE_URL),
      composeMessage('recall-reminder', { ...worst, linkToken: LONG_TOKEN, exercise: true }, PUBLIC_BASE_URL),
      composeMessage('recall-stand-down', { ...worst, exercise: true }, PUBLIC_BASE_URL),
      composeMessage('recall-stand-down', { ...worst, exercise: true, standBy: true }, PUBLIC_BASE_URL),
    ];
    for (const message of messages) {
      expect(message.sms.startsWith(`${EXERCISE_OPENING} `)).toBe(true);
      expect(message.emailBody.startsWith(EXERCISE_OPENING)).toBe(true);
      expect(message.letterBody.startsWith(EXERCISE_OPENING)).toBe(true);
      expect(message.emailSubject.startsWith('EXERCISE - ')).toBe(true);
      expect(smsCharacterCount(message.sms)).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
    }
  });

  it('says nothing of an exercise in a live recall', () => {
    const message = composeMessage('recall', { ...staff, linkToken: 't' }, PUBLIC_BASE_URL);
    expect(message.sms.startsWith('URGENT.')).toBe(true);
    expect(message.sms).not.toContain('EXERCISE');
  });

  it('thanks the rest of a filled group and asks them to stand by, without saying the incident is over', () => {
    const message = composeMessage('recall-stand-down', { ...staff, standBy: true }, PUBLIC_BASE_URL);
    expect(message.sms).toContain('Thank you: enough colleagues are coming in to Royal Free London NHS Foundation Trust at Barnet Hospital');
    expect(message.sms).toContain('please stand by');
    expect(message.sms).not.toContain('stood down');
    expect(message.emailSubject).toBe('Enough colleagues are coming in: please stand by');
  });
});
