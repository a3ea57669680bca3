import { MessageText, REDACTED_NUMBER, SMS_MAX_CHARACTERS, smsCharacterCount } from './message-text';
import { NOTIFY_PURPOSES, NotifyPurpose } from './notify-purpose';
import { composeMessage, PersonalisationByPurpose, renderMessage } from './render-message';
import { RECALL_REPLY_INSTRUCTION } from './recall.message';

const PUBLIC_BASE_URL = 'https://strike-operations.example-hospital-group.nhs.uk/patients-and-staff/links/';
const LONG_TOKEN = 'k3Jx9QmZ0pLw7RtYvB2nC8dF5gH1sA4eU6iO0oP9qW3zX7cV2bN5mL8kJ4hG1fD6';
const LONG = (label: string) => `${label} ${'with a name far longer than any real one '.repeat(4)}`;
// Wednesday, September and 12:45pm: the longest date and time words there are.
const LONGEST_DATE = '2027-09-29T11:45:00Z';

const worstAppointment = (index: number) => ({
  startsAt: new Date(Date.parse(LONGEST_DATE) + index * 7 * 86_400_000),
  description: LONG('Trauma and orthopaedics outpatient appointment'),
  place: LONG('The Royal National Orthopaedic Hospital'),
});
const worstShift = {
  startsAt: '2027-09-29T19:45:00Z',
  endsAt: '2027-09-30T07:45:00Z',
  department: LONG('Paediatric emergency department'),
  site: LONG('Northwick Park Hospital'),
};
const manySites = Array.from({ length: 12 }, (_, i) => LONG(`Hospital ${i + 1}`));
const worstBase = {
  givenName: 'Maximiliana-Alexandrina Wolfeschlegelsteinhausenbergerdorff',
  trustName: LONG('The Robert Jones and Agnes Hunt Orthopaedic Hospital NHS Foundation Trust'),
  contactPhone: '0300 123 4567 ext. 12345 (Mon-Fri)',
};

/** Every optional field filled and every text longer than its limit: the longest message of each purpose. */
const WORST_CASE: { [P in NotifyPurpose]: PersonalisationByPurpose[P] } = {
  'walkout-postponement': { ...worstBase, appointments: Array.from({ length: 40 }, (_, i) => worstAppointment(i)) },
  'rebooking-offer': {
    ...worstBase,
    appointment: worstAppointment(0),
    linkToken: LONG_TOKEN,
    shortNotice: true,
    respondBy: '2027-09-22T12:00:00Z',
  },
  'rebooking-confirmed': { ...worstBase, appointment: worstAppointment(0), linkToken: LONG_TOKEN },
  'cover-shift': { ...worstBase, shift: worstShift, calendarToken: LONG_TOKEN },
  'cover-shift-cancelled': { ...worstBase, shift: worstShift, reason: 'cover-no-longer-needed' },
  'cover-request': { ...worstBase, shifts: Array.from({ length: 14 }, () => worstShift), linkToken: LONG_TOKEN, respondBy: LONGEST_DATE, replyByText: true },
  recall: { ...worstBase, sites: manySites, linkToken: LONG_TOKEN, reason: 'major-incident', replyBySms: true },
  'recall-reminder': { ...worstBase, sites: manySites, linkToken: LONG_TOKEN, reason: 'derogation', replyBySms: true },
  'recall-stand-down': { ...worstBase, sites: manySites, reason: 'major-incident' },
  'participation-declaration': { ...worstBase, dayStartsAt: '2027-09-29T06:00:00Z', dayEndsAt: '2027-09-30T06:00:00Z', linkToken: LONG_TOKEN },
};

const PATIENT_PURPOSES: NotifyPurpose[] = ['walkout-postponement', 'rebooking-offer', 'rebooking-confirmed'];
const LINKS: Partial<Record<NotifyPurpose, string>> = {
  'rebooking-offer': `/r/${LONG_TOKEN}`,
  'rebooking-confirmed': `/r/${LONG_TOKEN}`,
  'cover-shift': `/api/v1/cover/${LONG_TOKEN}/calendar.ics`,
  'cover-request': `/c/${LONG_TOKEN}`,
  recall: `/s/${LONG_TOKEN}`,
  'recall-reminder': `/s/${LONG_TOKEN}`,
  'participation-declaration': `/d/${LONG_TOKEN}`,
};
const TEN_DIGITS = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/;
const GSM_BASIC = /^[A-Za-z0-9 \n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;

const compose = (purpose: NotifyPurpose): MessageText =>
  composeMessage(purpose, WORST_CASE[purpose] as never, PUBLIC_BASE_URL);
const allChannels = (message: MessageText) => [message.sms, message.emailSubject, message.emailBody, message.letterBody];

describe.each(NOTIFY_PURPOSES.map((purpose) => [purpose]))('%s message at its longest', (purpose) => {
  let message: MessageText;
  beforeAll(() => {
    message = compose(purpose);
  });

  it('fits in one Notify SMS of 918 characters', () => {
    expect(smsCharacterCount(message.sms)).toBeLessThanOrEqual(SMS_MAX_CHARACTERS);
  });

  it('uses only GSM characters in the SMS, so the 918 are not cut to unicode fragments', () => {
    expect(message.sms).toMatch(GSM_BASIC);
  });

  it('carries no 10-digit number that could be an NHS number', () => {
    for (const text of allChannels(message)) expect(text).not.toMatch(TEN_DIGITS);
  });

  it('has wording in every channel', () => {
    for (const text of allChannels(message)) expect(text.trim().length).toBeGreaterThan(10);
  });

  if (PATIENT_PURPOSES.includes(purpose)) {
    it('tells the patient to attend unless told otherwise, and about NHS 111 online and 999, in every channel', () => {
      for (const text of [message.sms, message.emailBody, message.letterBody]) {
        expect(text).toMatch(/attend .*unless .*we tell you otherwise/);
        expect(text).toContain('NHS 111 online');
        expect(text).toMatch(/emergency, call 999/);
      }
    });
  }

  const link = LINKS[purpose];
  if (link) {
    it('contains the link built from the public base URL in every channel', () => {
      const expected = `https://strike-operations.example-hospital-group.nhs.uk/patients-and-staff/links${link}`;
      for (const text of [message.sms, message.emailBody, message.letterBody]) expect(text).toContain(expected);
    });
  }
});

describe('walkout-postponement message', () => {
  const base = { givenName: 'Amira', trustName: 'Chelsea and Westminster Hospital NHS Foundation Trust' };
  const appointment = (startsAt: string, description = 'Cardiology outpatient appointment') => ({
    startsAt,
    description,
    place: 'Chelsea and Westminster Hospital',
  });

  it('lists one appointment with its London wall-clock time', () => {
    const message = composeMessage('walkout-postponement', { ...base, appointments: [appointment('2027-01-12T09:30:00Z')] }, PUBLIC_BASE_URL);

    expect(message.sms).toContain('Cardiology outpatient appointment, Tuesday 12 January 2027 at 9:30am, Chelsea and Westminster Hospital');
    expect(message.sms).toContain('Do not go to this appointment.');
    expect(message.emailSubject).toBe('Your hospital appointment has been postponed');
  });

  it('lists several appointments soonest first in one notice', () => {
    const message = composeMessage(
      'walkout-postponement',
      { ...base, appointments: [appointment('2027-01-14T10:00:00Z', 'Knee operation'), appointment('2027-01-12T09:30:00Z')] },
      PUBLIC_BASE_URL,
    );

    expect(message.sms.indexOf('Cardiology')).toBeLessThan(message.sms.indexOf('Knee operation'));
    expect(message.sms).toContain('Do not go to these appointments.');
    expect(message.emailBody).toContain('* Knee operation, Thursday 14 January 2027 at 10am');
  });

  it('shortens a long list in the SMS to "and N more" while email and letter list them all', () => {
    const appointments = Array.from({ length: 30 }, (_, i) => appointment(new Date(Date.UTC(2027, 0, 12 + i, 9, 30)).toISOString()));
    const message = composeMessage('walkout-postponement', { ...base, appointments }, PUBLIC_BASE_URL);

    const listed = message.sms.split('\n').filter((line) => line.startsWith('- Cardiology')).length;
    const more = /- and (\d+) more appointments/.exec(message.sms);
    expect(more).not.toBeNull();
    expect(listed).toBeGreaterThan(1);
    expect(listed + Number(more![1])).toBe(30);
    expect(smsCharacterCount(message.sms)).toBeLessThanOrEqual(918);
    expect(message.emailBody.match(/^\* Cardiology/gm)).toHaveLength(30);
    expect(message.letterBody.match(/^\* Cardiology/gm)).toHaveLength(30);
  });

  it('refuses to build a notice with no appointment', () => {
    expect(() => composeMessage('walkout-postponement', { ...base, appointments: [] }, PUBLIC_BASE_URL)).toThrow(RangeError);
  });

  it('removes an NHS number that slipped into free text from trust data', () => {
    const message = composeMessage(
      'walkout-postponement',
      { ...base, appointments: [appointment('2027-01-12T09:30:00Z', 'Review for 943 476 5919')] },
      PUBLIC_BASE_URL,
    );

    for (const text of allChannels(message)) expect(text).not.toContain('943 476 5919');
    expect(message.sms).toContain(`Review for ${REDACTED_NUMBER}`);
  });
});

describe('rebooking-offer message', () => {
  const offer = {
    givenName: 'Amira',
    trustName: 'Chelsea and Westminster Hospital NHS Foundation Trust',
    appointment: { startsAt: '2027-07-06T13:00:00Z', description: 'Knee operation', place: 'West Middlesex University Hospital' },
    linkToken: 'tok_123',
  };

  it('gives the new date, time and place and one link to confirm or ask for another date', () => {
    const message = composeMessage('rebooking-offer', { ...offer, shortNotice: false }, 'https://strike-ops.chelwest.nhs.uk');

    expect(message.sms).toContain('Knee operation, Tuesday 6 July 2027 at 2pm, West Middlesex University Hospital');
    expect(message.sms).toContain('Confirm it or ask for another date: https://strike-ops.chelwest.nhs.uk/r/tok_123');
    expect(message.sms).not.toContain('less than 3 weeks');
  });

  it('tells the patient they may decline a short-notice date without losing their place', () => {
    const message = composeMessage('rebooking-offer', { ...offer, shortNotice: true }, 'https://strike-ops.chelwest.nhs.uk');

    expect(message.sms).toContain('less than 3 weeks away, you can ask for another date without losing your place on the waiting list');
  });

  it('leaves out the phone number before any safety wording when the SMS would be too long, but keeps it in the email', () => {
    const message = compose('rebooking-offer');

    expect(message.sms).not.toContain('0300 123 4567');
    expect(message.sms).toContain('less than 3 weeks away');
    expect(message.emailBody).toContain('0300 123 4567');
  });

  it('refuses a public base URL that would produce a broken link', () => {
    expect(() => composeMessage('rebooking-offer', { ...offer, shortNotice: false }, 'strike-ops.chelwest.nhs.uk')).toThrow(RangeError);
  });
});

describe('staff messages', () => {
  const staff = { givenName: 'Sam', trustName: 'Royal Free London NHS Foundation Trust' };
  const shift = { startsAt: '2027-01-12T08:00:00Z', endsAt: '2027-01-12T20:00:00Z', department: 'Emergency department', site: 'Barnet Hospital' };

  it('gives a cover shift in London time with both dates when it runs overnight', () => {
    const overnight = { ...shift, startsAt: '2027-01-12T20:00:00Z', endsAt: '2027-01-13T08:00:00Z' };
    const message = composeMessage('cover-shift', { ...staff, shift: overnight }, PUBLIC_BASE_URL);

    expect(message.sms).toContain('Tuesday 12 January 2027 at 8pm to Wednesday 13 January 2027 at 8am');
    expect(message.sms).not.toContain('calendar');
  });

  it('says why a cover shift was cancelled', () => {
    const message = composeMessage('cover-shift-cancelled', { ...staff, shift, reason: 'walkout-called-off' }, PUBLIC_BASE_URL);

    expect(message.sms).toContain('because the industrial action has been called off');
    expect(message.sms).toContain('Tuesday 12 January 2027, 8am to 8pm');
  });

  it('marks a recall urgent and asks for attending with arrival time, or unavailable', () => {
    const message = composeMessage('recall', { ...staff, sites: ['Royal Free Hospital', 'Barnet Hospital'], linkToken: 't', reason: 'major-incident' }, PUBLIC_BASE_URL);

    expect(message.sms.startsWith('URGENT.')).toBe(true);
    expect(message.sms).toContain('major incident at Royal Free Hospital and Barnet Hospital');
    expect(message.sms).toContain('if you are coming and when you will arrive, or that you cannot');
  });

  it('says how to answer by reply only when the sending service has an inbound number, and only in the text', () => {
    const recall = { ...staff, sites: ['Barnet Hospital'], linkToken: 't', reason: 'major-incident' as const };
    const withReply = composeMessage('recall', { ...recall, replyBySms: true }, PUBLIC_BASE_URL);
    expect(withReply.sms).toContain('\nReply YES and minutes to arrival, e.g. YES 20, or NO.');
    expect(withReply.sms).toContain('/s/t');
    expect(withReply.emailBody).not.toContain('Reply YES');
    expect(composeMessage('recall', recall, PUBLIC_BASE_URL).sms).not.toContain('Reply YES');
    expect(composeMessage('recall-reminder', { ...recall, replyBySms: true }, PUBLIC_BASE_URL).sms).toContain(RECALL_REPLY_INSTRUCTION);
  });

  it('counts the sites a long recall SMS cannot name', () => {
    const message = compose('recall');

    expect(message.sms).toMatch(/and \d+ other sites/);
    expect(message.emailBody).toContain('Hospital 12');
  });

  it('reminds only with a reminder opening and the same link', () => {
    const message = composeMessage('recall-reminder', { ...staff, sites: ['Barnet Hospital'], linkToken: 't', reason: 'major-incident' }, PUBLIC_BASE_URL);

    expect(message.sms).toMatch(/^URGENT REMINDER\. Dear Sam, we have not had your answer\./);
    expect(message.emailSubject.startsWith('Reminder')).toBe(true);
  });

  it('stands down everyone recalled, including those already at work', () => {
    const message = composeMessage('recall-stand-down', { ...staff, sites: ['Barnet Hospital'], reason: 'major-incident' }, PUBLIC_BASE_URL);

    expect(message.sms).toContain('has stood down the major incident at Barnet Hospital');
    expect(message.sms).toContain('If you are already at work');
  });
});

describe('renderMessage', () => {
  const personalisation = WORST_CASE['rebooking-confirmed'];

  it('gives the SMS generic template only a body', () => {
    expect(renderMessage('rebooking-confirmed', 'sms', personalisation, PUBLIC_BASE_URL)).toEqual({
      body: compose('rebooking-confirmed').sms,
    });
  });

  it('gives the email and letter generic templates a subject and a body', () => {
    const message = compose('rebooking-confirmed');

    expect(renderMessage('rebooking-confirmed', 'email', personalisation, PUBLIC_BASE_URL)).toEqual({
      subject: message.emailSubject,
      body: message.emailBody,
    });
    expect(renderMessage('rebooking-confirmed', 'letter', personalisation, PUBLIC_BASE_URL)).toEqual({
      subject: message.emailSubject,
      body: message.letterBody,
    });
  });
});
