import { checkJobHandlers } from './job-handler';

describe('checkJobHandlers', () => {
  it('passes when every job has exactly one handler', () => {
    expect(checkJobHandlers(['a', 'b'], ['b', 'a'])).toEqual([]);
  });

  it('reports a job nobody handles, a job handled twice, and a handler for an unknown job', () => {
    expect(checkJobHandlers(['a', 'b'], ['a', 'a', 'c'])).toEqual(['job "a" has 2 handlers', 'job "b" has no handler', 'handler for unknown job "c"']);
  });
});
