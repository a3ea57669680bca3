import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RollCall, RollCallCounts } from '../engine/roll-call';
import { AuditRecord } from '../incident-audit.repository';

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
}

export class RollCallDepartmentDto extends RollCallCountsDto {
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) siteId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) departmentId: string | null;
}

export class RollCallResponseDto extends RollCallCountsDto {
  @ApiProperty({ type: [RollCallSiteDto] }) bySite: RollCallSiteDto[];
  @ApiProperty({ type: [RollCallDepartmentDto] }) byDepartment: RollCallDepartmentDto[];
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

export function toRollCallResponse(rollCall: RollCall): RollCallResponseDto {
  return {
    ...counts(rollCall),
    bySite: rollCall.bySite.map((row) => ({ siteId: row.siteId, ...counts(row) })),
    byDepartment: rollCall.byDepartment.map((row) => ({ siteId: row.siteId, departmentId: row.departmentId, ...counts(row) })),
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
