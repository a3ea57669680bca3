import { Injectable } from '@nestjs/common';
import { NotificationSourceType } from '../notifications/notification-status';
import { ReplyHandler } from './reply-handler';

/**
 * The registry of reply handlers, one per source type. A lib registers its handler when its module
 * starts (`onModuleInit`), in the API (the received-text callback) and the worker (polling) alike; a
 * reply to a source type nobody handles is kept as unmatched, never dropped.
 */
@Injectable()
export class ReplyHandlers {
  private readonly handlers = new Map<NotificationSourceType, ReplyHandler>();

  register(handler: ReplyHandler): void {
    const existing = this.handlers.get(handler.sourceType);
    if (existing && existing !== handler) throw new Error(`A reply handler for "${handler.sourceType}" is already registered`);
    this.handlers.set(handler.sourceType, handler);
  }

  of(sourceType: NotificationSourceType): ReplyHandler | null {
    return this.handlers.get(sourceType) ?? null;
  }

  /** The source types a received text may be matched to. */
  sourceTypes(): NotificationSourceType[] {
    return [...this.handlers.keys()];
  }

  all(): ReplyHandler[] {
    return [...this.handlers.values()];
  }
}
