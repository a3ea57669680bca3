import { csvField, sitrepCsv } from './sitrep-section';

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

  it('quotes fields with commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });
});
