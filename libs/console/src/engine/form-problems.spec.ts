import { formProblems } from './form-problems';

const fields = { union: { id: 'union', label: 'The union' }, endsAt: { id: 'endsAt-day', label: 'The end' }, startsAt: { id: 'startsAt-day', label: 'The start' }, siteIds: { id: 'siteIds', label: 'The sites' } };

describe('service problems on a console form', () => {
  it('puts each problem on its input, in the form’s words', () => {
    expect(formProblems([{ field: 'endsAt', message: 'must be after startsAt' }], fields)).toEqual([{ field: 'endsAt-day', message: 'The end must be after the start' }]);
    expect(formProblems([{ field: 'siteIds[1]', message: 'is not a site of this trust' }], fields)).toEqual([{ field: 'siteIds', message: 'The sites is not a site of this trust' }]);
  });

  it('rewrites class-validator’s list rules in plain words', () => {
    expect(formProblems([{ field: 'siteIds', message: 'each value in siteIds must be a UUID' }], fields)).toEqual([{ field: 'siteIds', message: 'Each of the sites must be a UUID' }]);
  });

  it('puts a rule code on the input it is about, keeping the rule’s own sentence', () => {
    expect(formProblems([{ code: 'WORKING_TIME_REST', message: 'Only 9 h of rest after the previous shift.' }], fields, { WORKING_TIME_REST: 'startsAt' })).toEqual([
      { field: 'startsAt-day', message: 'Only 9 h of rest after the previous shift.' },
    ]);
  });

  it('keeps a problem about nothing in particular for the form as a whole', () => {
    expect(formProblems([{ message: 'The rota changed' }], fields)).toEqual([{ message: 'The rota changed' }]);
  });
});
