import { describeActivity } from './activity-description';

describe('activity descriptions for patients', () => {
  it('names the specialty in words and the kind of visit', () => {
    expect(describeActivity('cardiology', 'outpatient-new')).toBe('Cardiology outpatient appointment');
    expect(describeActivity('ear-nose-throat', 'outpatient-follow-up')).toBe('Ear nose throat outpatient appointment');
    expect(describeActivity('general-surgery', 'day-case')).toBe('General surgery day-case procedure');
    expect(describeActivity('urology', 'inpatient')).toBe('Urology procedure (hospital stay)');
  });
});
