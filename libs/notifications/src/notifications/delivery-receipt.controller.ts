import { ApiErrors, Public } from '@app/core';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { DeliveryReceiptDto, DeliveryReceiptResultDto } from './notification.dto';
import { NotificationService } from './notification.service';

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
