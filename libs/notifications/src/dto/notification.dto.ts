import { PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { NOTIFY_PURPOSES } from '../messages/notify-purpose';
import { NOTIFICATION_STATUSES } from '../notification-status';
import { NotificationRecord } from '../notification.repository';
import { SendEstimate } from '../operations/send-estimate';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES }) @IsOptional() @IsIn(NOTIFICATION_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: ['patient', 'staff'] }) @IsOptional() @IsIn(['patient', 'staff']) recipientType?: string;
  @ApiPropertyOptional({ enum: NOTIFY_PURPOSES }) @IsOptional() @IsIn(NOTIFY_PURPOSES) purpose?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() walkoutId?: string;
}

/** No personalisation: names and appointment details stay out of list screens and exports. */
export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['patient', 'staff'] }) recipientType: string;
  @ApiProperty({ format: 'uuid' }) recipientId: string;
  @ApiProperty({ enum: NOTIFY_PURPOSES }) purpose: string;
  @ApiProperty({ enum: ['staff-alert', 'notice'] }) lane: string;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: string;
  @ApiProperty({ nullable: true, type: String }) channel: string | null;
  @ApiProperty({ nullable: true, type: String }) deadline: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) walkoutId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) subjectId: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) providerId: string | null;
  @ApiProperty({ nullable: true, type: String }) failureReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) queuedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toNotificationResponse(n: NotificationRecord): NotificationResponseDto {
  return {
    id: n.id,
    recipientType: n.recipientType,
    recipientId: n.recipientId,
    purpose: n.purpose,
    lane: n.lane,
    status: n.status,
    channel: n.channel,
    deadline: iso(n.deadline),
    walkoutId: n.walkoutId,
    subjectId: n.subjectId,
    attempts: n.attempts,
    providerId: n.providerId,
    failureReason: n.failureReason,
    createdAt: n.createdAt.toISOString(),
    queuedAt: iso(n.queuedAt),
    sentAt: iso(n.sentAt),
    completedAt: iso(n.completedAt),
  };
}

export class PageOfNotificationsDto {
  @ApiProperty({ type: [NotificationResponseDto] }) items: NotificationResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SendEstimateResponseDto {
  @ApiProperty() unsent: number;
  @ApiProperty() ratePerMinute: number;
  @ApiProperty({ nullable: true, type: String }) lastExpectedAt: string | null;
  @ApiProperty({ description: 'notices that will go out after their deadline: phone these patients' }) atRisk: {
    notificationId: string;
    subjectId: string | null;
    recipientType: string;
    deadline: string;
    expectedAt: string;
  }[];
}

export function toSendEstimateResponse(estimate: SendEstimate): SendEstimateResponseDto {
  return {
    unsent: estimate.unsent,
    ratePerMinute: estimate.ratePerMinute,
    lastExpectedAt: iso(estimate.lastExpectedAt),
    atRisk: estimate.atRisk.map((n) => ({ ...n, deadline: n.deadline.toISOString(), expectedAt: n.expectedAt.toISOString() })),
  };
}

/** GOV.UK Notify's delivery receipt, for the document only: the route checks it by hand (Notify adds fields over time). */
export class DeliveryReceiptDto {
  @ApiProperty({ format: 'uuid', description: 'Notify’s notification id' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The reference this service sent' }) reference: string;
  @ApiProperty({ example: 'delivered' }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-01-12T08:01:02.000Z' }) completed_at?: string | null;
}

export class DeliveryReceiptResultDto {
  @ApiProperty({ description: 'false when the receipt was already applied or matches nothing of ours' }) updated: boolean;
}
