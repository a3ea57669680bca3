import { sitrepCsv } from './sitrep-section';

describe('sitrep CSV', () => {
  it('has one header row and one long-format line per figure, CRLF-terminated', () => {
    const csv = sitrepCsv('RQM', 'w1', [
      { key: 'workforce', rows: [{ day: '2026-01-12', category: 'resident-doctor', measure: 'takingPart', value: 30 }] },
      { key: 'rescheduled-activity', rows: [{ day: null, category: 'outpatient', measure: 'postponed', value: 12 }] },
    ]);
    expect(csv).toBe(
      'trust_ods_code,walkout_id,section,day,category,measure,value\r\n' +
        'RQM,w1,workforce,2026-01-12,resident-doctor,takingPart,30\r\n' +
        'RQM,w1,rescheduled-activity,,outpatient,postponed,12\r\n',
    );
  });
  // The quoting and formula guard are core's toCsv's, tested in libs/core/src/csv/csv.spec.ts.
});
