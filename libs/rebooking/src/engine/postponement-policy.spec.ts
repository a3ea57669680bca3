import { keepReason, keepReasonSql } from './postponement-policy';

describe('walkout keep policy', () => {
  const routine = { departmentKind: null, urgency: 'routine' as const, surgicalPriority: null };

  it('keeps emergency, maternity, intensive-care and neonatal departments whatever the appointment', () => {
    for (const kind of ['emergency', 'maternity', 'intensive-care', 'neonatal']) {
      expect(keepReason({ ...routine, departmentKind: kind })).toBe('critical-department');
    }
  });

  it('keeps two-week-wait referrals and P1a/P1b procedures', () => {
    expect(keepReason({ ...routine, urgency: 'two-week-wait' })).toBe('two-week-wait');
    expect(keepReason({ ...routine, surgicalPriority: 'P1a' })).toBe('P1a');
    expect(keepReason({ ...routine, surgicalPriority: 'P1b', urgency: 'two-week-wait' })).toBe('P1b');
  });

  it('postpones routine and urgent clinics and P2–P4 procedures in other departments', () => {
    expect(keepReason(routine)).toBeNull();
    expect(keepReason({ ...routine, urgency: 'urgent' })).toBeNull();
    for (const priority of ['P2', 'P3', 'P4'] as const) expect(keepReason({ ...routine, departmentKind: 'surgery', surgicalPriority: priority })).toBeNull();
    expect(keepReason({ ...routine, departmentKind: 'outpatients' })).toBeNull();
  });

  it('builds its SQL twin from the same lists', () => {
    const sql = keepReasonSql('$9::uuid[]', 'x', 'y');
    expect(sql).toContain(`y.department_id = ANY($9::uuid[])`);
    expect(sql).toContain(`x.surgical_priority IN ('P1a', 'P1b')`);
    expect(sql).toContain(`x.urgency IN ('two-week-wait')`);
  });
});
