import { ApiErrors, AuthUser, CurrentUser, RequireAccess, UuidParam } from '@app/core';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { NotifyServiceResponseDto, NotifyServiceTestResultDto, PutNotifyServiceDto, TestNotifyServiceDto, toNotifyServiceResponse } from './notify-service.dto';
import { NotifyServiceService } from './notify-service.service';

/** A trust's own GOV.UK Notify service: trust admins of that trust and national admins. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/notify-service')
export class NotifyServiceController {
  constructor(private readonly services: NotifyServiceService) {}

  @RequireAccess('write')
  @Get()
  @ApiOkResponse({ type: NotifyServiceResponseDto })
  @ApiOperation({ summary: 'The trust’s own GOV.UK Notify service (hints of the key and token only)' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotifyServiceNotConnected)
  async get(@Param('trustId', UuidParam) trustId: string): Promise<NotifyServiceResponseDto> {
    return toNotifyServiceResponse(await this.services.get(trustId));
  }

  @RequireAccess('write')
  @Put()
  @ApiOkResponse({ type: NotifyServiceResponseDto })
  @ApiOperation({ summary: 'Connect or change the trust’s own GOV.UK Notify service (the key and each template are checked with Notify first)' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotifyServiceRejected, NotificationErrorCode.CallbackTokenTaken, NotificationErrorCode.NotifyUnavailable, NotificationErrorCode.SecretsKeyMissing)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  async put(@Param('trustId', UuidParam) trustId: string, @Body() body: PutNotifyServiceDto, @CurrentUser() user: AuthUser): Promise<NotifyServiceResponseDto> {
    return toNotifyServiceResponse(await this.services.put(trustId, body, user));
  }

  @RequireAccess('write')
  @Delete()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed: the trust sends through the deployment’s service again' })
  @ApiOperation({ summary: 'Disconnect the trust’s own GOV.UK Notify service (back to the deployment’s key)' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotifyServiceNotConnected)
  async remove(@Param('trustId', UuidParam) trustId: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.services.remove(trustId, user);
  }

  @RequireAccess('write')
  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: NotifyServiceTestResultDto })
  @ApiOperation({ summary: 'Send one test message through the trust’s own GOV.UK Notify service' })
  @ApiErrors(NotificationError, NotificationErrorCode.NotifyServiceNotConnected, NotificationErrorCode.NotifyServiceRejected, NotificationErrorCode.NotifyUnavailable)
  async test(@Param('trustId', UuidParam) trustId: string, @Body() body: TestNotifyServiceDto, @CurrentUser() user: AuthUser): Promise<NotifyServiceTestResultDto> {
    return this.services.sendTrialMessage(trustId, body, user);
  }
}
