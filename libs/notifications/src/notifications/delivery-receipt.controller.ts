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

  /**
   * GOV.UK Notify delivery receipts, authenticated by a trust's own callback token or the deployment's
   * NOTIFY_CALLBACK_TOKEN (not a user login): one URL for every service, the bearer says whose it is.
   */
  @Public()
  @Post('delivery-status')
  @HttpCode(200)
  @ApiBody({ type: DeliveryReceiptDto })
  @ApiOkResponse({ type: DeliveryReceiptResultDto })
  @ApiOperation({ summary: 'Receive a GOV.UK Notify delivery receipt (bearer: a trust’s callback token or the deployment’s)' })
  @ApiErrors(NotificationError, NotificationErrorCode.CallbackUnauthorised, NotificationErrorCode.InvalidReceipt)
  async deliveryStatus(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<{ updated: boolean }> {
    const from = await this.notifications.callbackIdentity(authorization);
    return this.notifications.applyDeliveryReceipt(body, from);
  }
}
