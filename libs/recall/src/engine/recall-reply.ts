/**
 * Recall replies by text message (two-way SMS, see docs/domain.md "Major incidents and recall"): what a
 * staff member texts back to a recall, read tolerantly. Pure; RecallReplyHandler (replies/) feeds it
 * the texts Notify receives.
 *
 * A reply is an answer only when it says one thing: yes (with an optional number of minutes, or hours)
 * or no. Anything else — a bare number, "maybe", "yes no", two different numbers — is unparseable and
 * goes to the control room's unmatched-replies list rather than being guessed at.
 */

/** The same bound as the link form's `etaMinutes` (0 to 600). */
export const MAX_REPLY_ETA_MINUTES = 600;

export type RecallReply =
  | { kind: 'answer'; attending: true; etaMinutes?: number }
  | { kind: 'answer'; attending: false }
  | { kind: 'unparseable'; reason: string };

const YES_PHRASES = ['yes', 'y', 'yeah', 'yep', 'yup', 'coming', 'attending', 'on my way', 'omw', 'en route', 'will attend', 'i can come', 'can come', 'i am coming', 'im coming', 'i will attend'];
const NO_PHRASES = [
  'no', 'n', 'nope', 'cant', 'can not', 'cannot', 'not coming', 'not attending', 'unavailable', 'not available',
  'sorry no', 'no sorry', 'sorry cant', 'sorry cannot', 'unable', 'i cant', 'i cannot', 'cant come', 'cannot come', 'cant attend',
  'cannot attend', 'unable to attend', 'unable to come', 'sorry unable', 'no cant', 'no cannot',
  'cant make it', 'cannot make it', 'wont make it', 'i wont make it', 'not able to', 'no i cant', 'no i cannot', 'wont be coming', 'not today',
];
const MINUTE_UNITS = new Set(['m', 'min', 'mins', 'minute', 'minutes', 'mns']);
const HOUR_UNITS = new Set(['h', 'hr', 'hrs', 'hour', 'hours']);
const FILLER = new Set(['in', 'about', 'approx', 'around', 'eta', 'roughly', 'arrive', 'arriving', 'there', 'be', 'will', 'ill', 'i', 'thanks', 'thank', 'you', 'x', 'coming', 'omw', 'on', 'my', 'way', 'am', 'im', 'ok', 'okay', 'can', 'come']);

/** Lower case, apostrophes dropped (can't → cant), other punctuation to spaces, "20mins" → "20 mins". */
function normalise(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
}

function startsWithPhrase(words: string[], phrases: string[]): number {
  let best = 0;
  for (const phrase of phrases) {
    const parts = phrase.split(' ');
    if (parts.length > best && parts.every((part, i) => words[i] === part)) best = parts.length;
  }
  return best;
}

function containsPhrase(words: string[], phrases: string[]): boolean {
  return words.some((_, i) => startsWithPhrase(words.slice(i), phrases) > 0);
}

/** The minutes in what follows "yes": one number, optionally with a unit; null = no time given; undefined = not understood. */
function readEta(rest: string[]): number | null | undefined {
  const words = rest.filter((word) => !FILLER.has(word));
  if (words.length === 0) return null;
  const numbers = words.filter((word) => /^\d+$/.test(word));
  if (numbers.length !== 1) return undefined;
  const index = words.indexOf(numbers[0]);
  const unit = words[index + 1];
  const others = words.filter((_, i) => i !== index && i !== index + 1);
  if (others.length > 0) return undefined;
  const value = Number(numbers[0]);
  let minutes: number;
  if (unit === undefined || MINUTE_UNITS.has(unit)) minutes = value;
  else if (HOUR_UNITS.has(unit)) minutes = value * 60;
  else return undefined;
  return minutes;
}

export function parseRecallReply(text: string): RecallReply {
  const words = normalise(text);
  while (words[0] === 'sorry' && words.length > 1) words.shift();
  if (words.length === 0) return { kind: 'unparseable', reason: 'empty' };
  const no = startsWithPhrase(words, NO_PHRASES);
  const yes = startsWithPhrase(words, YES_PHRASES);
  if (no > 0 && no >= yes) {
    const rest = words.slice(no);
    // "no 20", "no yes", "no I'm coming": a no that says something else as well is not a clear no.
    if (rest.some((word) => /^\d+$/.test(word)) || containsPhrase(rest, YES_PHRASES)) return { kind: 'unparseable', reason: 'mixed' };
    if (rest.filter((word) => !FILLER.has(word) && !['sorry', 'attend', 'come', 'today', 'tonight', 'not', 'make', 'it', 'able', 'available'].includes(word)).length > 0) return { kind: 'unparseable', reason: 'extra words' };
    return { kind: 'answer', attending: false };
  }
  if (yes > 0) {
    const rest = words.slice(yes);
    if (containsPhrase(rest, NO_PHRASES)) return { kind: 'unparseable', reason: 'mixed' };
    const eta = readEta(rest);
    if (eta === undefined) return { kind: 'unparseable', reason: 'time not understood' };
    if (eta === null) return { kind: 'answer', attending: true };
    if (eta > MAX_REPLY_ETA_MINUTES) return { kind: 'unparseable', reason: 'time out of range' };
    return { kind: 'answer', attending: true, etaMinutes: eta };
  }
  return { kind: 'unparseable', reason: 'no yes or no' };
}
