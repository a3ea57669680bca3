import { DeclarationOutbox, DeclarationRequestMessage, DeclarationService } from '@app/walkouts';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { UnitOfWork } from '@app/core';
import { NotificationOutbox } from './notification-outbox';

/**
 * Writes walkouts' daily declaration requests to the outbox (walkouts does not import notifications:
 * see DeclarationOutbox). Each message names its request as its source, so a text reply is matched
 * back to it; the deadline is the end of the day asked about, after which the question is moot.
 */
@Injectable()
export class ParticipationDeclarationOutbox implements DeclarationOutbox, OnModuleInit {
  constructor(
    private readonly declarations: DeclarationService,
    private readonly outbox: NotificationOutbox,
  ) {}

  onModuleInit(): void {
    this.declarations.useOutbox(this);
  }

  async queue(tx: UnitOfWork, messages: readonly DeclarationRequestMessage[]): Promise<void> {
    if (!messages.length) return;
    await this.outbox.createMany(
      tx,
      messages.map((m) => ({
        trustId: m.trustId,
        recipient: { type: 'staff' as const, staffId: m.staffId },
        purpose: 'participation-declaration' as const,
        personalisation: { givenName: m.givenName, trustName: m.trustName, dayStartsAt: m.dayStartsAt.toISOString(), dayEndsAt: m.dayEndsAt.toISOString(), linkToken: m.linkToken },
        deadline: m.dayEndsAt,
        walkoutId: m.walkoutId,
        source: { type: 'participation-declaration' as const, id: m.declarationId },
        dedupeKey: `participation-declaration-${m.declarationId}`,
      })),
      // Follows from a walkout already recorded, one per person per day: counted, never refused.
      { budget: 'count' },
    );
  }
}
