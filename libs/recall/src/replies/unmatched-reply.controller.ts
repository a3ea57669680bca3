import { ApiErrors, PageQueryDto, UuidParam } from '@app/core';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { PageOfUnmatchedRepliesDto, toUnmatchedReplyResponse } from './unmatched-reply.dto';
import { UnmatchedReplyService } from './unmatched-reply.service';

@ApiTags('major incidents')
@ApiBearerAuth()
@Controller('api/v1/trusts/:trustId/major-incidents')
export class UnmatchedReplyController {
  constructor(private readonly replies: UnmatchedReplyService) {}

  @Get(':incidentId/unmatched-replies')
  @ApiOkResponse({ type: PageOfUnmatchedRepliesDto, description: 'Newest first: replies by text the service could not read as an answer, for the control room' })
  @ApiOperation({ summary: 'List an incident’s unmatched replies by text' })
  @ApiErrors(RecallError, RecallErrorCode.IncidentNotFound)
  async list(@Param('trustId', UuidParam) trustId: string, @Param('incidentId', UuidParam) incidentId: string, @Query() query: PageQueryDto): Promise<PageOfUnmatchedRepliesDto> {
    const page = await this.replies.list(trustId, incidentId, query);
    return { items: page.items.map(toUnmatchedReplyResponse), nextCursor: page.nextCursor };
  }
}
