import { DateTime } from 'luxon';
import { seededRandom } from '@app/core/testing';
import { londonTime, makeAppointment } from '@app/rebooking/testing';
import type { OutpatientUrgency, RebookingAppointment, SurgicalPriority } from './engine.types';
import {
  CLINICAL_TIERS,
  cancellationFlag,
  clinicalTier,
  clinicalTierRank,
  compareRebookingPriority,
  dueBy,
  rebookingOrder,
} from './priority';

const outpatient = (id: string, urgency: OutpatientUrgency, extra: Partial<RebookingAppointment> = {}) =>
  makeAppointment({ id, urgency, ...extra });
const operation = (id: string, surgicalPriority: SurgicalPriority, extra: Partial<RebookingAppointment> = {}) =>
  makeAppointment({ id, kind: 'theatre', appointmentKind: 'day-case', surgicalPriority, ...extra });
const sortedIds = (appointments: RebookingAppointment[]) =>
  [...appointments].sort(compareRebookingPriority).map((appointment) => appointment.id);
const asLondon = (utcMs: number) => DateTime.fromMillis(utcMs, { zone: 'Europe/London' }).toISO();

describe('rebooking priority', () => {
  it('orders clinical tiers P1a, P1b, P2, two-week-wait, urgent, P3, then routine and P4 together', () => {
    const appointments = [
      outpatient('routine', 'routine'),
      operation('p4', 'P4'),
      operation('p3', 'P3'),
      outpatient('urgent', 'urgent'),
      outpatient('two-week-wait', 'two-week-wait'),
      operation('p2', 'P2'),
      operation('p1b', 'P1b'),
      operation('p1a', 'P1a'),
    ];
    expect(sortedIds(appointments)).toEqual(['p1a', 'p1b', 'p2', 'two-week-wait', 'urgent', 'p3', 'p4', 'routine']);
    expect(appointments.map(clinicalTier).sort((a, b) => CLINICAL_TIERS.indexOf(a) - CLINICAL_TIERS.indexOf(b))).toEqual([
      'P1a',
      'P1b',
      'P2',
      'two-week-wait',
      'urgent',
      'P3',
      'routine',
      'routine',
    ]);
  });

  it('puts surgical P2 ahead of outpatient urgent and two-week-wait, as docs/domain.md lists them', () => {
    expect(compareRebookingPriority(operation('p2', 'P2'), outpatient('urgent', 'urgent'))).toBeLessThan(0);
    expect(compareRebookingPriority(operation('p2', 'P2'), outpatient('tww', 'two-week-wait'))).toBeLessThan(0);
  });

  it('ranks an appointment with both a surgical priority and an urgency by the more urgent of the two', () => {
    expect(clinicalTierRank(operation('both', 'P4', { urgency: 'two-week-wait' }))).toBe(CLINICAL_TIERS.indexOf('two-week-wait'));
    expect(clinicalTierRank(operation('both', 'P1b', { urgency: 'urgent' }))).toBe(CLINICAL_TIERS.indexOf('P1b'));
  });

  it('puts the longest wait (earliest referral) first within a tier, whatever the cancellations', () => {
    const waitedLonger = outpatient('waited-longer', 'routine', { referralDate: londonTime('2025-01-01T00:00') });
    const cancelledMore = outpatient('cancelled-more', 'routine', {
      referralDate: londonTime('2025-06-01T00:00'),
      cancellationCount: 3,
    });
    expect(sortedIds([cancelledMore, waitedLonger])).toEqual(['waited-longer', 'cancelled-more']);
  });

  it('puts the more often cancelled patient first when tier and wait are equal', () => {
    const once = outpatient('once', 'routine', { cancellationCount: 1 });
    const third = outpatient('third', 'routine', { cancellationCount: 3 });
    const second = outpatient('second', 'routine', { cancellationCount: 2 });
    expect(sortedIds([once, second, third])).toEqual(['third', 'second', 'once']);
  });

  it('breaks complete ties by appointment id so the order never depends on input order', () => {
    const twins = ['b', 'c', 'a'].map((id) => outpatient(id, 'routine'));
    expect(sortedIds(twins)).toEqual(['a', 'b', 'c']);
    expect(sortedIds([...twins].reverse())).toEqual(['a', 'b', 'c']);
    expect(compareRebookingPriority(twins[0], twins[0])).toBe(0);
  });

  it('computes the same order with its packed sort keys as the comparator, ties and all', () => {
    const random = seededRandom(7);
    const urgencies: OutpatientUrgency[] = ['two-week-wait', 'urgent', 'routine'];
    const priorities: Array<SurgicalPriority | null> = [null, null, 'P1a', 'P1b', 'P2', 'P3', 'P4'];
    const appointments = Array.from({ length: 2_000 }, (_, index) =>
      makeAppointment({
        id: `A${Math.floor(random() * 100_000)}-${index}`,
        urgency: urgencies[Math.floor(random() * urgencies.length)],
        surgicalPriority: priorities[Math.floor(random() * priorities.length)],
        referralDate: londonTime('2025-01-01T00:00') + Math.floor(random() * 20) * 86_400_000,
        cancellationCount: 1 + Math.floor(random() * 4),
      }),
    );
    const expected = [...appointments].sort(compareRebookingPriority).map((appointment) => appointment.id);
    expect(rebookingOrder(appointments).map((index) => appointments[index].id)).toEqual(expected);
  });

  it('falls back to the comparator for values the packed key cannot hold', () => {
    const appointments = [
      outpatient('fractional-date', 'routine', { referralDate: londonTime('2025-01-01T00:00') + 0.5 }),
      outpatient('many-cancellations', 'routine', { cancellationCount: 500 }),
      outpatient('plain', 'routine'),
      outpatient('urgent', 'urgent'),
    ];
    const expected = [...appointments].sort(compareRebookingPriority).map((appointment) => appointment.id);
    expect(rebookingOrder(appointments).map((index) => appointments[index].id)).toEqual(expected);
    expect(expected).toEqual(['urgent', 'fractional-date', 'many-cancellations', 'plain']);
  });

  it('flags the second cancellation, and the third and later ones', () => {
    expect(cancellationFlag(1)).toBeNull();
    expect(cancellationFlag(2)).toBe('SECOND_CANCELLATION');
    expect(cancellationFlag(3)).toBe('THIRD_OR_LATER_CANCELLATION');
    expect(cancellationFlag(6)).toBe('THIRD_OR_LATER_CANCELLATION');
  });
});

describe('dueBy', () => {
  const referralDate = londonTime('2026-03-02T00:00');

  it('gives P1a 24 and P1b 72 elapsed hours, even across the spring clock change', () => {
    const decisionToAdmitAt = londonTime('2026-03-28T10:00');
    expect(dueBy(operation('p1a', 'P1a', { referralDate, decisionToAdmitAt }))).toEqual({
      dueAt: decisionToAdmitAt + 24 * 3_600_000,
      basis: 'P1a',
    });
    expect(asLondon(dueBy(operation('p1a', 'P1a', { referralDate, decisionToAdmitAt })).dueAt)).toBe(
      '2026-03-29T11:00:00.000+01:00',
    );
    expect(dueBy(operation('p1b', 'P1b', { referralDate, decisionToAdmitAt })).dueAt).toBe(
      decisionToAdmitAt + 72 * 3_600_000,
    );
  });

  it('gives P2 four calendar weeks and P3 three calendar months from the decision to admit', () => {
    const decisionToAdmitAt = londonTime('2026-03-20T09:00');
    expect(asLondon(dueBy(operation('p2', 'P2', { referralDate, decisionToAdmitAt })).dueAt)).toBe(
      '2026-04-17T09:00:00.000+01:00',
    );
    expect(asLondon(dueBy(operation('p3', 'P3', { referralDate, decisionToAdmitAt })).dueAt)).toBe(
      '2026-06-20T09:00:00.000+01:00',
    );
  });

  it('counts the surgical window from the cancelled date when there is no decision-to-admit date', () => {
    const originalStartsAt = londonTime('2026-06-09T08:30');
    const recentReferral = londonTime('2026-05-01T00:00');
    expect(dueBy(operation('p2', 'P2', { referralDate: recentReferral, originalStartsAt }))).toEqual({
      dueAt: londonTime('2026-07-07T08:30'),
      basis: 'P2',
    });
  });

  it('gives a two-week-wait referral 14 days from referral', () => {
    expect(dueBy(outpatient('tww', 'two-week-wait', { referralDate }))).toEqual({
      dueAt: londonTime('2026-03-16T00:00'),
      basis: 'two-week-wait',
    });
  });

  it('holds everyone else, P4 included, to 18 weeks from referral', () => {
    const expected = { dueAt: londonTime('2026-07-06T00:00'), basis: 'referral-to-treatment' };
    expect(dueBy(outpatient('routine', 'routine', { referralDate }))).toEqual(expected);
    expect(dueBy(outpatient('urgent', 'urgent', { referralDate }))).toEqual(expected);
    expect(dueBy(operation('p4', 'P4', { referralDate }))).toEqual(expected);
  });

  it('reports whichever limit falls first', () => {
    const longAgo = londonTime('2025-09-01T00:00');
    const due = dueBy(operation('p3', 'P3', { referralDate: longAgo, decisionToAdmitAt: londonTime('2026-05-01T09:00') }));
    expect(due).toEqual({ dueAt: londonTime('2026-01-05T00:00'), basis: 'referral-to-treatment' });
  });
});
