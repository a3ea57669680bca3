import { ApiErrors, AuthUser, CurrentUser, Idempotent, RequireAccess, UuidParam } from '@app/core';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotificationError, NotificationErrorCode } from '@app/notifications';
import { WalkoutError, WalkoutErrorCode } from '@app/walkouts';
import { CoverError, CoverErrorCode } from '../cover.errors';
import { CoverAutofillQueryDto, CoverAutofillResponseDto, CoverGapsResponseDto, toCoverAutofillResponse, toCoverGapsResponse } from './cover-rota.dto';
import { CoverRotaService } from './cover-rota.service';

@ApiTags('cover')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/walkouts/:walkoutId')
export class CoverRotaController {
  constructor(private readonly rota: CoverRotaService) {}

  @Get('cover-gaps')
  @ApiOkResponse({ type: CoverGapsResponseDto, description: 'Per department, per Europe/London wall-clock hour of the walkout (23 or 25 on clock-change days), with cost at the rate card' })
  @ApiOperation({ summary: 'Get the hourly cover gaps of a walkout, with their cost' })
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async gaps(@Param('trustId', UuidParam) trustId: string, @Param('walkoutId', UuidParam) walkoutId: string): Promise<CoverGapsResponseDto> {
    return toCoverGapsResponse(await this.rota.gaps(trustId, walkoutId));
  }

  @RequireAccess('write')
  @Post('cover-autofill')
  @Idempotent()
  @HttpCode(200)
  @ApiOkResponse({ type: CoverAutofillResponseDto, description: 'Proposals that keep every rule; ?apply=true saves them all in one transaction (nothing is saved if the rota moved meanwhile)' })
  @ApiOperation({ summary: 'Propose (or with apply=true, save) cover shifts that fill the gaps within every rule' })
  @ApiErrors(CoverError, CoverErrorCode.WalkoutCalledOff, CoverErrorCode.RotaChanged, CoverErrorCode.ShiftOverlap)
  @ApiErrors(NotificationError, NotificationErrorCode.MessageBudgetExceeded)
  @ApiErrors(WalkoutError, WalkoutErrorCode.WalkoutNotFound)
  async autofill(
    @Param('trustId', UuidParam) trustId: string,
    @Param('walkoutId', UuidParam) walkoutId: string,
    @Query() query: CoverAutofillQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CoverAutofillResponseDto> {
    return toCoverAutofillResponse(await this.rota.autofill(trustId, walkoutId, query.apply === 'true', user.id));
  }
}
