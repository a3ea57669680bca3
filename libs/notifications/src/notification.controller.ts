import { ApiErrors, Public, UuidParam } from '@app/core';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from './notification.errors';
import { DeliveryReceiptDto, DeliveryReceiptResultDto, NotificationListQueryDto, NotificationResponseDto, PageOfNotificationsDto, SendEstimateResponseDto, toNotificationResponse, toSendEstimateResponse } from './dto/notification.dto';
import { NotificationService } from './notification.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId')
export class NotificationController {
  constructor(private readonly notifications: NotificationService) {}

  @Get('notifications')
  @ApiOkResponse({ type: PageOfNotificationsDto })
  @ApiOperation({ summary: 'List a trust’s notifications' })
  async list(@Param('trustId', UuidParam) trustId: string, @Query() query: NotificationListQueryDto): Promise<PageOfNotificationsDto> {
    const page = await this.notifications.list(trustId, query);
    return { items: page.items.map(toNotificationResponse), nextCursor: page.nextCursor };
  }

  @Get('notifications/:notificationId')
  @ApiOkResponse({ type: NotificationResponseDto })
  @ApiOperation({ summary: 'Get a notification' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotificationNotFound)
  async get(@Param('trustId', UuidParam) trustId: string, @Param('notificationId', UuidParam) id: string): Promise<NotificationResponseDto> {
    return toNotificationResponse(await this.notifications.get(trustId, id));
  }

  @Get('walkouts/:walkoutId/notifications/estimate')
  @ApiOkResponse({ type: SendEstimateResponseDto, description: 'When the last queued notice of this walkout goes out at the current rate, and which will miss their deadline' })
  @ApiOperation({ summary: 'Estimate when a walkout’s queued notices will all be sent' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotificationNotFound)
  async estimate(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<SendEstimateResponseDto> {
    return toSendEstimateResponse(await this.notifications.estimate(trustId, walkoutId));
  }
}

@ApiTags('notifications')
@Controller('api/v1/notify/callbacks')
export class DeliveryReceiptController {
  constructor(private readonly notifications: NotificationService) {}

  /** GOV.UK Notify delivery receipts, authenticated by NOTIFY_CALLBACK_TOKEN (not a user login). */
  @Public()
  @Post('delivery-status')
  @HttpCode(200)
  @ApiBody({ type: DeliveryReceiptDto })
  @ApiOkResponse({ type: DeliveryReceiptResultDto })
  @ApiOperation({ summary: 'Receive a GOV.UK Notify delivery receipt (bearer: the callback token)' })
  @ApiErrors(NotificationError, NotificationErrorCode.CallbackUnauthorised, NotificationErrorCode.InvalidReceipt)
  async deliveryStatus(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<{ updated: boolean }> {
    this.notifications.assertCallbackToken(authorization);
    return this.notifications.applyDeliveryReceipt(body);
  }
}
