import type { NewNotification } from '@app/notifications';
import { describeActivity } from './activity-description';
import type { PostponedAppointment } from '../postponement/postponement.repository';

/**
 * One 'walkout-postponement' notice per patient, listing every appointment of theirs the walkout
 * postponed (a patient with a clinic visit and an operation gets one message, not two). Rows arrive
 * grouped by patient; the deadline is the soonest appointment, so the relay tells those patients first.
 * The dedupe key makes a repeated postponement queue nothing new.
 */
export function postponementNotices(rows: readonly PostponedAppointment[], context: { trustId: string; trustName: string; walkoutId: string }): NewNotification[] {
  const byPatient = new Map<string, PostponedAppointment[]>();
  for (const row of rows) {
    const list = byPatient.get(row.patientId);
    if (list) list.push(row);
    else byPatient.set(row.patientId, [row]);
  }
  const notices: NewNotification[] = [];
  for (const [patientId, appointments] of byPatient) {
    const soonest = appointments.reduce((first, a) => (a.startsAt < first ? a.startsAt : first), appointments[0].startsAt);
    notices.push({
      trustId: context.trustId,
      recipient: { type: 'patient', patientId },
      purpose: 'walkout-postponement',
      personalisation: {
        givenName: appointments[0].givenName,
        trustName: context.trustName,
        appointments: appointments.map((a) => ({ startsAt: a.startsAt.toISOString(), description: describeActivity(a.specialty, a.kind), place: a.place })),
      },
      deadline: soonest,
      walkoutId: context.walkoutId,
      dedupeKey: `postponement:${context.walkoutId}:${patientId}`,
    });
  }
  return notices;
}
