import { RECALL_REPLY_INSTRUCTION, parseRecallReply, recallReplyInstruction } from './recall-reply';

const YES = (etaMinutes?: number) => (etaMinutes === undefined ? { kind: 'answer', attending: true } : { kind: 'answer', attending: true, etaMinutes });
const NO = { kind: 'answer', attending: false };
const UNPARSEABLE = expect.objectContaining({ kind: 'unparseable' });

describe('parseRecallReply', () => {
  it.each<[string, unknown]>([
    ['yes 20', YES(20)],
    ['YES 20', YES(20)],
    ['Y 20 mins', YES(20)],
    ['YES, 45', YES(45)],
    ['yes 1 hour', YES(60)],
    ['Yes 2 hrs', YES(120)],
    ['yes 20mins', YES(20)],
    ['yes20', YES(20)],
    ['  yes   30  ', YES(30)],
    ['Yes.', YES()],
    ['yes', YES()],
    ['Y', YES()],
    ['yes!!', YES()],
    ['Yes - 15 minutes', YES(15)],
    ['yes in 40', YES(40)],
    ['yes about 25 mins', YES(25)],
    ['yes eta 35', YES(35)],
    ['yeah 10', YES(10)],
    ['Yep 5 min', YES(5)],
    ['on my way 30', YES(30)],
    ['On my way', YES()],
    ['coming 50', YES(50)],
    ['yes 0', YES(0)],
    ['yes 600', YES(600)],
    ['YES 10 hours', YES(600)],
    ['yes, 20 minutes thanks', YES(20)],
    ['no', NO],
    ['No', NO],
    ['N', NO],
    ['no.', NO],
    ["can't", NO],
    ['cant', NO],
    ['Can’t', NO],
    ['cannot', NO],
    ['sorry no', NO],
    ['No sorry', NO],
    ['not coming', NO],
    ['unavailable', NO],
    ['Sorry, can\'t attend', NO],
    ['nope', NO],
    ['unable to attend', NO],
    // Ambiguous or unreadable: never guessed at.
    ['yes no', UNPARSEABLE],
    ['no yes', UNPARSEABLE],
    ['no 20', UNPARSEABLE],
    ['maybe', UNPARSEABLE],
    ['20', UNPARSEABLE],
    ['20 mins', UNPARSEABLE],
    ['', UNPARSEABLE],
    ['   ', UNPARSEABLE],
    ['yes 20 or 30', UNPARSEABLE],
    ['yes 601', UNPARSEABLE],
    ['yes 11 hours', UNPARSEABLE],
    ['yes 20 days', UNPARSEABLE],
    ['yes but only after 6pm', UNPARSEABLE],
    ['ok', UNPARSEABLE],
    ['who is this?', UNPARSEABLE],
    ['yesterday', UNPARSEABLE],
    ['nothing', UNPARSEABLE],
    ['yes cant', UNPARSEABLE],
    ['no but my colleague can', UNPARSEABLE],
    ['STOP', UNPARSEABLE],
    ['yes -5', YES(5)],
  ])('%j → %j', (reply, expected) => {
    expect(parseRecallReply(reply)).toEqual(expected);
  });
});

describe('recallReplyInstruction', () => {
  it('tells staff how to reply only where the trust has an inbound number', () => {
    expect(recallReplyInstruction(true)).toBe('Reply YES and minutes to arrival, e.g. YES 20, or NO');
    expect(recallReplyInstruction(false)).toBeNull();
    expect(RECALL_REPLY_INSTRUCTION).toMatch(/YES 20/);
  });
});
