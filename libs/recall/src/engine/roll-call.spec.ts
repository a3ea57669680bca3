import {
  ROLL_CALL_CSV_HEADER,
  RecallNotificationStatus,
  RecallResponse,
  RollCallCsvRow,
  RollCallStaff,
  aggregateRollCall,
  etaBucket,
  toRollCallCsv,
} from './roll-call';

const AT = '2025-01-14T09:15:00Z';

function person(id: string, overrides: Partial<RollCallStaff> = {}): RollCallStaff {
  return { id, siteId: 'site-a', departmentId: 'ed', notificationStatus: 'delivered', response: null, ...overrides };
}

function attending(etaMinutes: number | null): RecallResponse {
  return { attending: true, etaMinutes, at: AT };
}

const unavailable: RecallResponse = { attending: false, etaMinutes: null, at: AT };

describe('aggregateRollCall', () => {
  it('returns zeros and no breakdown for an empty recall', () => {
    expect(aggregateRollCall([])).toEqual({
      cohort: 0,
      notified: 0,
      delivered: 0,
      failed: 0,
      attending: 0,
      unavailable: 0,
      noResponse: 0,
      eta: { within30: 0, within60: 0, over60: 0, unknown: 0 },
      bySite: [],
      byDepartment: [],
    });
  });

  it('counts as notified only messages the provider has accepted', () => {
    const statuses: RecallNotificationStatus[] = [
      'pending',
      'queued',
      'sending',
      'sent',
      'delivered',
      'permanent-failure',
      'temporary-failure',
      'technical-failure',
      'failed',
    ];
    const result = aggregateRollCall(statuses.map((s, i) => person(`p${i}`, { notificationStatus: s })));
    expect(result.cohort).toBe(9);
    // sent, delivered and the three provider-reported failures
    expect(result.notified).toBe(5);
    expect(result.delivered).toBe(1);
    expect(result.failed).toBe(4);
  });

  it('splits answers into attending, unavailable and no response', () => {
    const result = aggregateRollCall([
      person('a', { response: attending(20) }),
      person('b', { response: attending(45) }),
      person('u', { response: unavailable }),
      person('n'),
    ]);
    expect(result).toMatchObject({ cohort: 4, attending: 2, unavailable: 1, noResponse: 1 });
  });

  it('counts an answer even when the delivery receipt has not arrived yet', () => {
    const result = aggregateRollCall([person('a', { notificationStatus: 'sent', response: attending(10) })]);
    expect(result).toMatchObject({ delivered: 0, attending: 1, noResponse: 0 });
  });

  it('buckets the arrival times of attending staff only', () => {
    const result = aggregateRollCall([
      person('a', { response: attending(0) }),
      person('b', { response: attending(30) }),
      person('c', { response: attending(31) }),
      person('d', { response: attending(60) }),
      person('e', { response: attending(61) }),
      person('f', { response: attending(null) }),
      person('u', { response: { attending: false, etaMinutes: 10, at: AT } }),
    ]);
    expect(result.eta).toEqual({ within30: 2, within60: 2, over60: 1, unknown: 1 });
  });

  it('breaks the counts down by site and by department, sorted, with no site/department last', () => {
    const result = aggregateRollCall([
      person('1', { siteId: 'site-b', departmentId: 'ed-b', response: attending(15) }),
      person('2', { siteId: 'site-a', departmentId: 'theatres' }),
      person('3', { siteId: 'site-a', departmentId: 'ed', response: unavailable }),
      person('4', { siteId: null, departmentId: null }),
      person('5', { siteId: 'site-a', departmentId: null }),
      person('6', { siteId: 'site-a', departmentId: 'ed', response: attending(90) }),
    ]);

    expect(result.bySite.map((r) => [r.siteId, r.cohort, r.attending, r.unavailable, r.noResponse])).toEqual([
      ['site-a', 4, 1, 1, 2],
      ['site-b', 1, 1, 0, 0],
      [null, 1, 0, 0, 1],
    ]);
    expect(result.byDepartment.map((r) => [r.siteId, r.departmentId, r.cohort])).toEqual([
      ['site-a', 'ed', 2],
      ['site-a', 'theatres', 1],
      ['site-a', null, 1],
      ['site-b', 'ed-b', 1],
      [null, null, 1],
    ]);
    expect(result.bySite[0].eta).toEqual({ within30: 0, within60: 0, over60: 1, unknown: 0 });
  });

  it('adds up: every group row sums to the totals', () => {
    const result = aggregateRollCall([
      person('1', { siteId: 'x', response: attending(5) }),
      person('2', { siteId: 'y', notificationStatus: 'failed' }),
      person('3', { siteId: 'y', response: unavailable }),
    ]);
    const sum = (rows: { cohort: number; attending: number; failed: number }[]) =>
      rows.reduce((acc, r) => [acc[0] + r.cohort, acc[1] + r.attending, acc[2] + r.failed], [0, 0, 0]);
    expect(sum(result.bySite)).toEqual([result.cohort, result.attending, result.failed]);
    expect(sum(result.byDepartment)).toEqual([result.cohort, result.attending, result.failed]);
  });
});

describe('etaBucket', () => {
  it.each([
    [0, 'within30'],
    [30, 'within30'],
    [30.5, 'within60'],
    [60, 'within60'],
    [61, 'over60'],
    [null, 'unknown'],
    [-1, 'unknown'],
    [Number.NaN, 'unknown'],
  ])('puts an ETA of %p minutes in %s', (eta, bucket) => {
    expect(etaBucket(eta)).toBe(bucket);
  });
});

describe('toRollCallCsv', () => {
  function row(overrides: Partial<RollCallCsvRow> = {}): RollCallCsvRow {
    return { ...person('s1'), staffNumber: 'RD001', name: 'Asha Patel', siteName: 'Site A', departmentName: 'ED', ...overrides };
  }

  it('writes a header line even with no rows', () => {
    expect(toRollCallCsv([])).toBe(ROLL_CALL_CSV_HEADER.join(',') + '\r\n');
  });

  it('writes one CRLF-terminated line per person with response, ETA and UTC answer time', () => {
    const csv = toRollCallCsv([
      row({ response: { attending: true, etaMinutes: 25, at: '2025-06-14T10:15:00+01:00' } }),
      row({ id: 's2', response: unavailable }),
      row({ id: 's3', notificationStatus: 'queued' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(5); // header, three rows, and the empty string after the final CRLF
    expect(lines[1]).toBe('s1,RD001,Asha Patel,site-a,Site A,ed,ED,delivered,attending,25,2025-06-14T09:15:00.000Z,,');
    expect(lines[2]).toBe('s2,RD001,Asha Patel,site-a,Site A,ed,ED,delivered,unavailable,,2025-01-14T09:15:00.000Z,,');
    expect(lines[3]).toBe('s3,RD001,Asha Patel,site-a,Site A,ed,ED,queued,no response,,,,');
    expect(lines[4]).toBe('');
  });

  it('writes a Date answer time in UTC', () => {
    const csv = toRollCallCsv([row({ response: { attending: true, etaMinutes: null, at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) } })]);
    expect(csv.split('\r\n')[1].endsWith(',attending,,2025-01-02T03:04:05.000Z,,')).toBe(true);
  });

  it('falls back to ids where site and department names are missing', () => {
    const csv = toRollCallCsv([row({ staffNumber: null, name: null, siteName: null, departmentName: undefined })]);
    expect(csv.split('\r\n')[1]).toBe('s1,,,site-a,site-a,ed,ed,delivered,no response,,,,');
  });

  it('quotes fields holding commas, quotes and line breaks, doubling inner quotes', () => {
    const csv = toRollCallCsv([row({ name: 'Patel, Asha "AP"\nNights', departmentName: 'A&E\r\nMajors' })]);
    const record = csv.slice(csv.indexOf('\r\n') + 2);
    expect(record).toBe(
      's1,RD001,"Patel, Asha ""AP""\nNights",site-a,Site A,ed,"A&E\r\nMajors",delivered,no response,,,,\r\n',
    );
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+44 cmd', "'+44 cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
  ])('neutralises a formula-looking cell %p with a leading single quote', (name, expected) => {
    const csv = toRollCallCsv([row({ name })]);
    expect(csv.split('\r\n')[1]).toBe(`s1,RD001,${expected},site-a,Site A,ed,ED,delivered,no response,,,,`);
  });

  it('quotes a guarded cell when it also needs quoting', () => {
    const csv = toRollCallCsv([row({ name: '=1+2,"x"' })]);
    expect(csv.split('\r\n')[1].split(',"')[0]).toBe('s1,RD001');
    expect(csv).toContain(`"'=1+2,""x"""`);
  });

  it('leaves ordinary text alone, including names with inner hyphens and apostrophes', () => {
    const csv = toRollCallCsv([row({ name: "Mary-Jane O'Neill" })]);
    expect(csv.split('\r\n')[1].split(',')[2]).toBe("Mary-Jane O'Neill");
  });

  it('ends each row with the grade and, for a coalesced recall, the incident whose message stands', () => {
    const csv = toRollCallCsv([row({ grade: 'resident-doctor', carriedFromIncidentId: 'incident-1' })]);
    expect(csv.split('\r\n')[1].endsWith(',resident-doctor,incident-1')).toBe(true);
  });
});
