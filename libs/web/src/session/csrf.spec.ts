import { changesState, csrfTokensMatch, submittedCsrfToken } from './csrf';

describe('CSRF tokens', () => {
  it('treats everything but GET, HEAD and OPTIONS as changing state', () => {
    expect(['GET', 'head', 'OPTIONS'].map(changesState)).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(changesState)).toEqual([true, true, true, true]);
  });

  it('reads the form field first, then the headers', () => {
    expect(submittedCsrfToken({ headers: { 'x-csrf-token': 'header' }, body: { _csrf: 'form' } })).toBe('form');
    expect(submittedCsrfToken({ headers: { 'x-xsrf-token': 'axios' }, body: {} })).toBe('axios');
    expect(submittedCsrfToken({ headers: {}, body: { _csrf: ['a', 'b'] } })).toBeUndefined();
    expect(submittedCsrfToken({ headers: {}, body: 'text' })).toBeUndefined();
  });

  it('matches only the same token, and never a missing one', () => {
    expect(csrfTokensMatch('abc', 'abc')).toBe(true);
    expect(csrfTokensMatch('abc', 'abd')).toBe(false);
    expect(csrfTokensMatch('abc', 'abcd')).toBe(false);
    expect(csrfTokensMatch(undefined, 'abc')).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
    expect(csrfTokensMatch('abc', undefined)).toBe(false);
  });
});
