import { ApiErrors, Public } from '@app/core';
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { ReceivedTextCallbackDto, ReceivedTextResultDto } from './received-text.dto';
import { ReceivedTextResult, ReceivedTextService } from './received-text.service';

@ApiTags('notifications')
@Controller('api/v1/notify/callbacks')
export class ReceivedTextController {
  constructor(private readonly texts: ReceivedTextService) {}

  /** Authenticated by the callback token of a trust's Notify service or NOTIFY_CALLBACK_TOKEN (not a user login). */
  @Public()
  @Post('received-text')
  @HttpCode(200)
  @ApiBody({ type: ReceivedTextCallbackDto })
  @ApiOkResponse({ type: ReceivedTextResultDto })
  @ApiOperation({ summary: 'Receive a text sent to a Notify service’s inbound number (bearer: the service’s callback token); recall replies become answers' })
  @ApiErrors(NotificationError, NotificationErrorCode.CallbackUnauthorised, NotificationErrorCode.InvalidReceivedText)
  receivedText(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<ReceivedTextResult> {
    return this.texts.receiveCallback(authorization, body);
  }
}
