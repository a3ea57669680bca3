import { AuthUser, formatLondonShortDateTime } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { AuditRecord, IncidentView, MajorIncidentService, toRollCallResponse } from '@app/recall';
import { Injectable } from '@nestjs/common';

const LEVELS: Record<string, string> = { 'business-continuity': 'Business continuity incident', critical: 'Critical incident', major: 'Major incident' };
const STATES: Record<string, { text: string; classes: string }> = {
  standby: { text: 'Standby', classes: 'nhsuk-tag--yellow' },
  declared: { text: 'Declared', classes: 'nhsuk-tag--red' },
  'stood-down': { text: 'Stood down', classes: 'nhsuk-tag--grey' },
  cancelled: { text: 'Cancelled', classes: 'nhsuk-tag--white' },
};
const ROUND_ACTIONS = new Set(['recall-started', 'recall-not-started', 'escalation', 'escalation-stopped', 'recall-stood-down', 'incident-declared', 'incident-stood-down', 'incident-cancelled']);
const AUDIT_PAGE = 200;

export interface IncidentSummary {
  id: string;
  level: string;
  state: { text: string; classes: string };
  rawState: string;
  description: string;
  declaredAt: string;
  sites: string;
}

/** Major incident pages: declare, the live roll-call board, escalation rounds, stand down — through MajorIncidentService. */
@Injectable()
export class IncidentPageService {
  constructor(
    private readonly incidents: MajorIncidentService,
    private readonly organisations: OrganisationService,
  ) {}

  async list(trustId: string): Promise<IncidentSummary[]> {
    const [page, sites] = await Promise.all([this.incidents.list(trustId, { limit: 100 }), this.siteNames(trustId)]);
    return page.items.map((incident) => summary(incident, sites));
  }

  async formData(trustId: string): Promise<{ sites: { id: string; name: string }[]; departments: { id: string; name: string }[] }> {
    const [sites, departments] = await Promise.all([this.organisations.listSites(trustId, 200), this.organisations.listDepartments(trustId, 500)]);
    const siteNames = new Map(sites.items.map((s) => [s.id, s.name]));
    return { sites: sites.items.map((s) => ({ id: s.id, name: s.name })), departments: departments.items.map((d) => ({ id: d.id, name: `${d.name}, ${siteNames.get(d.siteId) ?? ''}` })) };
  }

  create(trustId: string, command: Parameters<MajorIncidentService['create']>[1], user: AuthUser) {
    return this.incidents.create(trustId, command, user);
  }

  standDown(trustId: string, incidentId: string, user: AuthUser) {
    return this.incidents.standDown(trustId, incidentId, user);
  }

  cancel(trustId: string, incidentId: string, user: AuthUser) {
    return this.incidents.cancel(trustId, incidentId, user);
  }

  async page(trustId: string, incidentId: string) {
    const [incident, sites, board] = await Promise.all([this.incidents.get(trustId, incidentId), this.siteNames(trustId), this.board(trustId, incidentId)]);
    return {
      incident: {
        ...summary(incident, sites),
        allowedActions: incident.allowedActions,
        methane: incident.methane,
        attendingTarget: incident.attendingTarget,
        recalled: incident.recalledCount,
        endedAt: formatLondonShortDateTime(incident.endedAt),
      },
      ...board,
    };
  }

  /** The live part: the roll-call (as the API's roll-call answers it) and the escalation rounds so far. */
  async board(trustId: string, incidentId: string) {
    const [incident, report, audit] = await Promise.all([this.incidents.get(trustId, incidentId), this.incidents.rollCall(trustId, incidentId), this.incidents.auditLog(trustId, incidentId, { limit: AUDIT_PAGE })]);
    const rollCall = toRollCallResponse(report);
    const sites = report.needs.length ? await this.siteNames(trustId) : new Map<string, string>();
    return {
      live: incident.state === 'declared' || incident.state === 'standby',
      drill: report.drill,
      // Fill count: one row per need — wanted, attending, and the first and last expected arrival.
      needs: report.needs.map((need) => ({
        label: `${need.grade.replace(/-/g, ' ')}, ${need.specialty.replace(/-/g, ' ')}${need.siteId ? ` at ${sites.get(need.siteId) ?? 'a site'}` : ''}`,
        wanted: need.wanted,
        attending: need.attending,
        noResponse: need.noResponse,
        filled: need.filledAt !== null,
        firstEta: formatLondonShortDateTime(need.firstEta),
        lastEta: formatLondonShortDateTime(need.lastEta),
      })),
      attendingTarget: incident.attendingTarget,
      nextEscalationAt: formatLondonShortDateTime(incident.nextEscalationAt),
      rollCall,
      people: rollCall.people.map((person) => ({
        name: person.name,
        staffNumber: person.staffNumber,
        place: [person.departmentName, person.siteName].filter(Boolean).join(', ') || 'No fixed place',
        answer: person.answer
          ? person.answer.attending
            ? { text: person.answer.etaMinutes === null ? 'Attending' : `Attending, ETA ${person.answer.etaMinutes} min`, classes: 'nhsuk-tag--green' }
            : { text: 'Unavailable', classes: 'nhsuk-tag--red' }
          : { text: 'No answer yet', classes: 'nhsuk-tag--yellow' },
        message: messageStatus(person.notificationStatus),
      })),
      rounds: audit.items.filter((entry) => ROUND_ACTIONS.has(entry.action)).map(roundText),
    };
  }

  async csv(trustId: string, incidentId: string): Promise<string> {
    return (await this.incidents.rollCall(trustId, incidentId)).csv();
  }

  private async siteNames(trustId: string): Promise<Map<string, string>> {
    const sites = await this.organisations.listSites(trustId, 200);
    return new Map(sites.items.map((s) => [s.id, s.name]));
  }
}

function summary(incident: IncidentView, sites: Map<string, string>): IncidentSummary {
  return {
    id: incident.id,
    level: LEVELS[incident.level] ?? incident.level,
    state: STATES[incident.state] ?? { text: incident.state, classes: 'nhsuk-tag--grey' },
    rawState: incident.state,
    description: incident.description,
    declaredAt: formatLondonShortDateTime(incident.declaredAt ?? incident.createdAt),
    sites: incident.siteIds.map((id) => sites.get(id) ?? id).join(', '),
  };
}

function messageStatus(status: string): string {
  if (status === 'delivered') return 'Delivered';
  if (['pending', 'queued', 'sending', 'sent'].includes(status)) return 'Sending';
  if (status.includes('failure') || status === 'failed') return 'Not delivered: phone them';
  if (status === 'cancelled') return 'Withdrawn';
  return status;
}

function roundText(entry: AuditRecord): { at: string; text: string } {
  const d = entry.details as Record<string, unknown>;
  const at = formatLondonShortDateTime(entry.at);
  switch (entry.action) {
    case 'recall-started':
      return { at, text: `Recall started: ${d.recalled ?? 0} striking staff asked to come in (target ${d.attendingTarget ?? '–'} attending).` };
    case 'recall-not-started':
      return { at, text: 'Nobody recalled: no walkout of this trust is in progress at these sites.' };
    case 'escalation':
      return { at, text: `Escalation round ${d.round}: ${d.shortfall} short of the target; ${d.reminded ?? 0} reminded${d.added ? `, ${d.added} more staff asked (${d.widenedTo})` : ''}.` };
    case 'escalation-stopped':
      return { at, text: `Escalation stopped after round ${d.round} (${String(d.reason).toLowerCase().replace(/_/g, ' ')}).` };
    case 'recall-stood-down':
      return { at, text: `Stand-down sent to ${d.told ?? 0} staff; ${d.withdrawn ?? 0} unsent recall messages withdrawn.` };
    case 'incident-declared':
      return { at, text: 'Incident declared.' };
    case 'incident-stood-down':
      return { at, text: 'Incident stood down.' };
    case 'incident-cancelled':
      return { at, text: 'Incident cancelled.' };
    default:
      return { at, text: entry.action };
  }
}
