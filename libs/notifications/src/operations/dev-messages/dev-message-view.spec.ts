import { linksIn, toDevMessageView } from './dev-message-view';

describe('development message viewer', () => {
  it('turns links to this service into paths on the viewer’s own host, and keeps other links as they are', () => {
    const body = 'Confirm or ask for another date: http://localhost:3000/r/AbC_-123.\nAnswer here http://localhost:3000/s/xyz\nUse 111 online: https://111.nhs.uk';
    expect(linksIn(body, 'http://localhost:3000')).toEqual([
      { text: 'http://localhost:3000/r/AbC_-123', href: '/r/AbC_-123', kind: 'patient-offer' },
      { text: 'http://localhost:3000/s/xyz', href: '/s/xyz', kind: 'staff-recall' },
      { text: 'https://111.nhs.uk', href: 'https://111.nhs.uk', kind: 'elsewhere' },
    ]);
  });

  it('does not take a look-alike host for this service', () => {
    expect(linksIn('http://localhost:30000/r/x http://localhost:3000.evil.example/r/y', 'http://localhost:3000').map((link) => link.kind)).toEqual(['elsewhere', 'elsewhere']);
  });

  it('lists a message by its first line, in London time, with who it was for', () => {
    const view = toDevMessageView(
      { id: 'n1', channel: 'sms', to: '07700900123', subject: null, body: '\nRoyal Free: your appointment has moved.\nMore text', sentAt: '2026-07-01T08:30:00.000Z' },
      { trustId: 't', purpose: 'rebooking-offer', recipientType: 'patient' },
      'http://localhost:3000',
    );
    expect(view).toEqual(expect.objectContaining({ channel: 'Text message', preview: 'Royal Free: your appointment has moved.', sentAt: 'Wednesday 1 July 2026 at 9:30am', purpose: 'rebooking-offer', recipient: 'Patient', href: '/console/dev/messages/n1' }));
  });
});
