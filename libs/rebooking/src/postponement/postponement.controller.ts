import { ApiErrors, Idempotent, RequireAccess, UuidParam } from '@app/core';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '@app/notifications';
import { OrganisationError, OrganisationErrorCode } from '@app/organisations';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { RebookingError, RebookingErrorCode } from '../rebooking.errors';
import { PostponementRequestDto, PostponementResultDto, toImpactResponse, toPostponementResponse, WalkoutImpactDto } from './postponement.dto';
import { PostponementService } from './postponement.service';

/**
 * A walkout's effect on booked activity: impact and postponement. Operation ids keep the names they had
 * when these routes shared one controller with the rebooking runs (`WalkoutActivityController_…`).
 */
@ApiTags('rebooking')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId')
export class PostponementController {
  constructor(private readonly postponements: PostponementService) {}

  @Get('walkouts/:walkoutId/impact')
  @ApiOkResponse({ type: WalkoutImpactDto, description: 'What falls in the window at the affected sites, kept vs to postpone' })
  @ApiOperation({ operationId: 'WalkoutActivityController_impact', summary: 'See what a walkout affects, and what policy keeps and postpones' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async impact(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<WalkoutImpactDto> {
    return toImpactResponse(await this.postponements.impact(trustId, walkoutId));
  }

  @RequireAccess('write')
  @Post('walkouts/:walkoutId/postponements')
  @HttpCode(200)
  @Idempotent()
  @ApiOkResponse({ type: PostponementResultDto, description: 'Cancels and queues one notice per patient in one transaction; a repeat changes nothing' })
  @ApiOperation({ operationId: 'WalkoutActivityController_postpone', summary: 'Postpone the affected appointments and queue one notice per patient' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  @ApiErrors(RebookingError, RebookingErrorCode.WalkoutCalledOff)
  @ApiErrors(OrganisationError, OrganisationErrorCode.TrustNotFound)
  @ApiErrors(NotificationError, NotificationErrorCode.MessageBudgetExceeded)
  async postpone(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string, @Body() body: PostponementRequestDto): Promise<PostponementResultDto> {
    return toPostponementResponse(await this.postponements.postpone(trustId, walkoutId, { dryRun: body.dryRun ?? false, keepAppointmentIds: body.keepAppointmentIds ?? [] }));
  }
}
