import { formatLondonShortPeriod } from '@app/core';

/** A walkout as the console lists it. */
export interface WalkoutLike {
  id: string;
  unionName: string;
  staffGroups: string[];
  mode: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  noticeDays: number | null;
  warnings?: { code: string; message: string }[];
  calledOffAt: Date | null;
  callOffReason: string | null;
}

const STATUS_TAGS: Record<string, { text: string; classes: string }> = {
  announced: { text: 'Coming', classes: 'nhsuk-tag--blue' },
  'in-progress': { text: 'In progress', classes: 'nhsuk-tag--orange' },
  ended: { text: 'Ended', classes: 'nhsuk-tag--grey' },
  'called-off': { text: 'Called off', classes: 'nhsuk-tag--white' },
};

const GROUP_NAMES: Record<string, string> = { consultant: 'consultants', sas: 'SAS doctors', 'resident-doctor': 'resident doctors', nurse: 'nurses', other: 'other staff' };
const MODE_NAMES: Record<string, string> = { 'full-walkout': 'Full walkout', 'emergency-care-only': 'Emergency care only' };

export function statusTag(status: string): { text: string; classes: string } {
  return STATUS_TAGS[status] ?? { text: status, classes: 'nhsuk-tag--grey' };
}

export function staffGroupsText(groups: readonly string[]): string {
  const names = groups.map((g) => GROUP_NAMES[g] ?? g);
  const text = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function modeText(mode: string): string {
  return MODE_NAMES[mode] ?? mode;
}

export function noticeText(days: number | null): string {
  if (days === null) return 'Not known';
  return `${days} day${days === 1 ? '' : 's'}`;
}

export interface WalkoutSummary {
  id: string;
  title: string;
  period: string;
  status: { text: string; classes: string };
  rawStatus: string;
  staffGroups: string;
  mode: string;
  notice: string;
  warnings: string[];
  callOffReason: string | null;
}

export function walkoutSummary(walkout: WalkoutLike): WalkoutSummary {
  return {
    id: walkout.id,
    title: `${walkout.unionName} ${modeText(walkout.mode).toLowerCase()}: ${staffGroupsText(walkout.staffGroups).toLowerCase()}`,
    period: formatLondonShortPeriod(walkout.startsAt, walkout.endsAt),
    status: statusTag(walkout.status),
    rawStatus: walkout.status,
    staffGroups: staffGroupsText(walkout.staffGroups),
    mode: modeText(walkout.mode),
    notice: noticeText(walkout.noticeDays),
    warnings: (walkout.warnings ?? []).map((w) => w.message),
    callOffReason: walkout.callOffReason,
  };
}
