import { CommonError, decodeCursor, DEFAULT_PAGE_SIZE, Page, toPage } from '@app/core';
import { Injectable } from '@nestjs/common';
import { RecallError, RecallErrorCode } from '../recall.errors';
import { UnmatchedReplyRecord, UnmatchedReplyRepository } from './unmatched-reply.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The control room's list of replies by text it has to read itself, per incident. */
@Injectable()
export class UnmatchedReplyService {
  constructor(private readonly replies: UnmatchedReplyRepository) {}

  async list(trustId: string, incidentId: string, query: { limit?: number; cursor?: string }): Promise<Page<UnmatchedReplyRecord>> {
    if (!(await this.replies.incidentExists(trustId, incidentId))) throw new RecallError(RecallErrorCode.IncidentNotFound, 'Major incident not found');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(query.cursor, 2);
    if (after && (Number.isNaN(new Date(String(after[0])).getTime()) || !UUID.test(String(after[1])))) {
      throw CommonError.validation([{ field: 'cursor', message: 'is not a cursor this list returned' }]);
    }
    const rows = await this.replies.listForIncident(trustId, incidentId, after ? [String(after[0]), String(after[1])] : null, limit + 1);
    return toPage(rows, limit, (r) => [r.receivedAt.toISOString(), r.id], (r) => r);
  }
}
