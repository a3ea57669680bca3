import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RollCall, RollCallCounts, RollCallCsvRow } from '../engine/roll-call';
import { AuditRecord } from '../incidents/incident-audit.repository';
import { NeedBoardRow } from '../engine/fill-count';

export class RollCallQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' }) @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}

export class EtaBucketsDto {
  @ApiProperty({ description: 'attending, arriving within 30 minutes' }) within30: number;
  @ApiProperty({ description: 'attending, 31–60 minutes' }) within60: number;
  @ApiProperty({ description: 'attending, more than 60 minutes' }) over60: number;
  @ApiProperty({ description: 'attending, no ETA given' }) unknown: number;
}

export class RollCallCountsDto {
  @ApiProperty({ description: 'Staff recalled' }) cohort: number;
  @ApiProperty({ description: 'Recall message accepted by the provider' }) notified: number;
  @ApiProperty() delivered: number;
  @ApiProperty({ description: 'Recall message failed or withdrawn: the people to phone' }) failed: number;
  @ApiProperty() attending: number;
  @ApiProperty() unavailable: number;
  @ApiProperty() noResponse: number;
  @ApiProperty({ type: EtaBucketsDto }) eta: EtaBucketsDto;
}

export class RollCallSiteDto extends RollCallCountsDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null: staff with no fixed site' }) siteName: string | null;
}

export class RollCallDepartmentDto extends RollCallCountsDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty({ nullable: true, type: String }) siteName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
}

export class RollCallAnswerDto {
  @ApiProperty() attending: boolean;
  @ApiProperty({ nullable: true, type: Number }) etaMinutes: number | null;
  @ApiProperty() respondedAt: string;
}

/** One person recalled: the trust's own staff, so their name and where they work, never contact details. */
export class RollCallPersonDto {
  @ApiProperty({ format: 'uuid' }) staffId: string;
  @ApiProperty() staffNumber: string;
  @ApiProperty() name: string;
  @ApiProperty() grade: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty({ nullable: true, type: String }) siteName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
  @ApiProperty({ nullable: true, type: String }) departmentName: string | null;
  @ApiProperty({ description: 'Of their recall message: pending … delivered, a failure, or failed (never reached Notify): the people to phone' }) notificationStatus: string;
  @ApiProperty({ type: RollCallAnswerDto, nullable: true }) answer: RollCallAnswerDto | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Coalesced: recalled for that incident minutes earlier and not stood down, so not messaged again; that message and answer are shown',
  })
  carriedFromIncidentId: string | null;
}

export class RollCallNeedDto {
  @ApiProperty({ format: 'uuid' }) needId: string;
  @ApiProperty() grade: string;
  @ApiProperty() specialty: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty() wanted: number;
  @ApiProperty({ description: 'Asked for this need so far' }) recalled: number;
  @ApiProperty() attending: number;
  @ApiProperty() unavailable: number;
  @ApiProperty() noResponse: number;
  @ApiProperty({ description: 'Group asked so far: 0 = the need’s site (or the incident’s), 1 = the incident’s sites, 2 = every site of the trust' }) stage: number;
  @ApiProperty({ nullable: true, type: String, description: 'When it reached its number (the rest of its group were told to stand by)' }) filledAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Expected arrival of the first attending (answer time + ETA)' }) firstEta: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Expected arrival of the last attending' }) lastEta: string | null;
}

export class RollCallResponseDto extends RollCallCountsDto {
  @ApiProperty({ description: 'A drill (exercise): reported apart, never in live figures' }) drill: boolean;
  @ApiProperty({ type: [RollCallNeedDto], description: 'Fill count: the board of needs (empty for one attending target)' }) needs: RollCallNeedDto[];
  @ApiProperty({ type: [RollCallSiteDto] }) bySite: RollCallSiteDto[];
  @ApiProperty({ type: [RollCallDepartmentDto] }) byDepartment: RollCallDepartmentDto[];
  @ApiProperty({ type: [RollCallPersonDto], description: 'Everyone recalled, by staff number' }) people: RollCallPersonDto[];
}

function counts(c: RollCallCounts): RollCallCountsDto {
  return {
    cohort: c.cohort,
    notified: c.notified,
    delivered: c.delivered,
    failed: c.failed,
    attending: c.attending,
    unavailable: c.unavailable,
    noResponse: c.noResponse,
    eta: { within30: c.eta.within30, within60: c.eta.within60, over60: c.eta.over60, unknown: c.eta.unknown },
  };
}

export function toRollCallResponse(report: { counts: RollCall; rows: RollCallCsvRow[]; drill?: boolean; needs?: NeedBoardRow[] }): RollCallResponseDto {
  const { counts: rollCall, rows } = report;
  const when = (at: Date | null): string | null => (at ? at.toISOString() : null);
  const siteNames = new Map(rows.map((row) => [row.siteId, row.siteName ?? null]));
  const departmentNames = new Map(rows.map((row) => [row.departmentId, row.departmentName ?? null]));
  return {
    ...counts(rollCall),
    drill: report.drill ?? false,
    needs: (report.needs ?? []).map((n) => ({ ...n, filledAt: when(n.filledAt), firstEta: when(n.firstEta), lastEta: when(n.lastEta) })),
    bySite: rollCall.bySite.map((row) => ({ siteId: row.siteId, siteName: siteNames.get(row.siteId) ?? null, ...counts(row) })),
    byDepartment: rollCall.byDepartment.map((row) => ({
      siteId: row.siteId,
      siteName: siteNames.get(row.siteId) ?? null,
      departmentId: row.departmentId,
      departmentName: departmentNames.get(row.departmentId) ?? null,
      ...counts(row),
    })),
    people: rows.map((row) => ({
      staffId: row.id,
      staffNumber: row.staffNumber ?? '',
      name: row.name ?? '',
      grade: row.grade ?? '',
      siteId: row.siteId,
      siteName: row.siteName ?? null,
      departmentId: row.departmentId,
      departmentName: row.departmentName ?? null,
      notificationStatus: row.notificationStatus,
      answer: row.response ? { attending: row.response.attending, etaMinutes: row.response.attending ? row.response.etaMinutes : null, respondedAt: new Date(row.response.at).toISOString() } : null,
      carriedFromIncidentId: row.carriedFromIncidentId ?? null,
    })),
  };
}

export class AuditActorDto {
  @ApiProperty({ enum: ['user', 'staff', 'system'] }) type: string;
  @ApiPropertyOptional({ format: 'uuid' }) userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) staffId?: string;
}

export class AuditEntryDto {
  @ApiProperty({ description: 'Sequence number: entries are in the order they were written', pattern: '^[0-9]+$' }) id: string;
  @ApiProperty() at: string;
  @ApiProperty({ description: 'When the database stored it' }) recordedAt: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty() action: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}

export class PageOfAuditEntriesDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function toAuditEntryResponse(record: AuditRecord): AuditEntryDto {
  const actor: AuditActorDto =
    record.actorType === 'user' ? { type: 'user', userId: record.actorUserId! } : record.actorType === 'staff' ? { type: 'staff', staffId: record.actorStaffId! } : { type: 'system' };
  return { id: record.id, at: record.at.toISOString(), recordedAt: record.recordedAt.toISOString(), actor, action: record.action, details: record.details };
}
