import { APP_CONFIG, AppConfig } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';
import { NotifyClient } from 'notifications-node-client';
import { parseListedReceivedText, ReceivedText } from '../replies/received-text';

export interface ReceivedTextPage {
  /** Newest first, as Notify lists them. */
  texts: ReceivedText[];
  /** Notify said there is an older page. */
  more: boolean;
}

/**
 * Notify's received-text-messages API through the official client (`getReceivedTexts(olderThan)`):
 * one page of a service's received texts, newest first, 250 a page.
 */
@Injectable()
export class ReceivedTextSource {
  private readonly clients = new Map<string, NotifyClient>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async page(apiKey: string, olderThan: string | null): Promise<ReceivedTextPage> {
    const response = await this.client(apiKey).getReceivedTexts(olderThan ?? undefined);
    const data = response.data as { received_text_messages?: unknown[]; links?: { next?: string } };
    const texts = (data.received_text_messages ?? []).map(parseListedReceivedText).filter((text): text is ReceivedText => text !== null);
    return { texts, more: Boolean(data.links?.next) };
  }

  private client(apiKey: string): NotifyClient {
    let client = this.clients.get(apiKey);
    if (!client) {
      client = this.config.notify.baseUrl ? new NotifyClient(this.config.notify.baseUrl, apiKey) : new NotifyClient(apiKey);
      this.clients.set(apiKey, client);
    }
    return client;
  }
}
