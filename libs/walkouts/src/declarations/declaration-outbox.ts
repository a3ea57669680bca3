import type { UnitOfWork } from '@app/core';

/** One declaration request to send: who, for which walkout day, and the link token (sent once, never stored). */
export interface DeclarationRequestMessage {
  trustId: string;
  trustName: string;
  walkoutId: string;
  /** The `participation_declaration` row: the message's source, so a text reply can be matched to it. */
  declarationId: string;
  staffId: string;
  givenName: string;
  /** The walkout day's London date, its start and end. */
  day: string;
  dayStartsAt: Date;
  dayEndsAt: Date;
  linkToken: string;
}

/**
 * Where declaration requests are written: the notifications outbox, in the caller's transaction
 * (docs/architecture.md, "Side effects through the outbox"). Walkouts does not import notifications
 * (notifications builds on walkouts); the notifications lib implements this and registers it with
 * `DeclarationService.useOutbox()` from its worker module, as rebooking registers its sitrep section.
 */
export interface DeclarationOutbox {
  queue(tx: UnitOfWork, messages: readonly DeclarationRequestMessage[]): Promise<void>;
}
