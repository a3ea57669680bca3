import { ApiErrors, AuthUser, CurrentUser, UuidParam } from '@app/core';
import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import {
  NotificationDetailDto,
  NotificationListQueryDto,
  PageOfNotificationsDto,
  SendEstimateResponseDto,
  toNotificationDetail,
  toNotificationResponse,
  toSendEstimateResponse,
} from './notification.dto';
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
  @ApiOperation({ summary: 'One message, with its wording for the trust’s admins (links included while it is unsent)' })
  @ApiOkResponse({ type: NotificationDetailDto })
  @ApiErrors(NotificationError, NotificationErrorCode.NotificationNotFound)
  // An unsent message's wording carries its recipient's link: no cache may keep it.
  @Header('cache-control', 'no-store')
  async get(@Param('trustId', UuidParam) trustId: string, @Param('notificationId', UuidParam) id: string, @CurrentUser() user: AuthUser): Promise<NotificationDetailDto> {
    const { notification, wording } = await this.notifications.get(trustId, id, user);
    return toNotificationDetail(notification, wording);
  }

  @Get('walkouts/:walkoutId/notifications/estimate')
  @ApiOkResponse({ type: SendEstimateResponseDto, description: 'When the last queued notice of this walkout goes out at the current rate, and which will miss their deadline' })
  @ApiOperation({ summary: 'Estimate when a walkout’s queued notices will all be sent' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotificationNotFound)
  async estimate(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<SendEstimateResponseDto> {
    return toSendEstimateResponse(await this.notifications.estimate(trustId, walkoutId));
  }
}
