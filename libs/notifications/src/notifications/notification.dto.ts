import { PageQueryDto } from '@app/core';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { NOTIFY_PURPOSES } from '../messages/notify-purpose';
import { NOTIFICATION_STATUSES } from './notification-status';
import { MessagePreview } from '../messages/message-preview';
import { NotificationRecord } from './notification.repository';
import { DailyLimitView } from './notification.service';
import { SendEstimate, SmsCostEstimate } from '../operations/send-estimate';

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
  @ApiProperty({ nullable: true, type: String, description: 'Not sent before this time: held briefly so a correction can withdraw it, or until GOV.UK Notify’s daily limit resets' })
  sendAfter: string | null;
  @ApiProperty({ nullable: true, enum: ['coalescing', 'daily-limit'], type: String }) heldReason: string | null;
}

export class MessageChannelWordingDto {
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
}

export class MessageWordingDto {
  @ApiProperty({ description: 'The text message, at most 918 characters' }) sms: string;
  @ApiProperty({ type: MessageChannelWordingDto }) email: MessageChannelWordingDto;
  @ApiProperty({ type: MessageChannelWordingDto, description: 'Notify adds the address block' }) letter: MessageChannelWordingDto;
  @ApiProperty({ description: 'Sent: the link tokens are no longer stored, so the links show a placeholder' }) linksRemoved: boolean;
}

export class NotificationDetailDto extends NotificationResponseDto {
  @ApiProperty({
    type: MessageWordingDto,
    nullable: true,
    description: 'What the recipient gets on each channel (the channel is chosen when it is sent). Trust admins and national admins only; null for viewers.',
  })
  wording: MessageWordingDto | null;
}

export function toNotificationDetail(notification: NotificationRecord, wording: MessagePreview | null): NotificationDetailDto {
  return { ...toNotificationResponse(notification), wording };
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
    sendAfter: iso(n.sendAfter),
    heldReason: n.heldReason,
  };
}

export class PageOfNotificationsDto {
  @ApiProperty({ type: [NotificationResponseDto] }) items: NotificationResponseDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class DailyLimitDto {
  @ApiProperty({ description: 'The GOV.UK Notify service the trust sends through (`deployment`: the deployment’s key)' }) sendingService: string;
  @ApiProperty({ enum: ['sms'] }) channel: string;
  @ApiProperty() limit: number;
  @ApiProperty({ description: 'Handed to Notify today (UTC)' }) used: number;
  @ApiProperty() remaining: number;
  @ApiProperty({ description: 'Midnight UTC, when Notify resets its count' }) resetsAt: string;
}

export class SmsCostEstimateDto {
  @ApiProperty({ description: 'Unsent messages counted as texts' }) texts: number;
  @ApiProperty({ description: 'SMS fragments by GOV.UK Notify’s rules: GSM 160 in one, else 153 each ([]{}^\\|~€ count twice); any other character makes the text Unicode: 70, else 67' }) fragments: number;
  @ApiProperty({ description: 'Of the texts, those sent as Unicode' }) unicode: number;
  @ApiProperty({ description: 'NOTIFY_SMS_PENCE_PER_FRAGMENT' }) pencePerFragment: number;
  @ApiProperty({ description: 'NOTIFY_VAT_PERCENT' }) vatPercent: number;
  @ApiProperty({ description: 'Before VAT, to a tenth of a penny' }) pence: number;
  @ApiProperty() penceWithVat: number;
  @ApiProperty({ description: 'false when only the first `counted` texts were rendered and the rest taken at their average' }) exact: boolean;
  @ApiProperty() counted: number;
}

export class SendEstimateResponseDto {
  @ApiProperty() unsent: number;
  @ApiProperty({ description: 'Of the unsent, held on purpose (a short coalescing hold, or until the daily limit resets)' }) held: number;
  @ApiProperty({ type: DailyLimitDto, description: 'Messages past the day’s remaining texts are expected after midnight UTC' }) dailyLimit: DailyLimitDto;
  @ApiProperty() ratePerMinute: number;
  @ApiProperty({ type: SmsCostEstimateDto, description: 'What the unsent messages come to as texts: fragments and cost (after the free allowance)' }) sms: SmsCostEstimateDto;
  @ApiProperty({ nullable: true, type: String }) lastExpectedAt: string | null;
  @ApiProperty({ description: 'notices that will go out after their deadline: phone these patients' }) atRisk: {
    notificationId: string;
    subjectId: string | null;
    recipientType: string;
    deadline: string;
    expectedAt: string;
  }[];
}

export function toSendEstimateResponse(estimate: SendEstimate & { dailyLimit: DailyLimitView; sms: SmsCostEstimate }): SendEstimateResponseDto {
  return {
    sms: estimate.sms,
    unsent: estimate.unsent,
    held: estimate.held,
    dailyLimit: { ...estimate.dailyLimit, resetsAt: estimate.dailyLimit.resetsAt.toISOString() },
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
