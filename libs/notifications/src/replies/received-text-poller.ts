import { APP_CONFIG, AppConfig, JobName, QueueService } from '@app/core';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { NotifyServiceDirectory, ResolvedNotifyService } from '../notify-services/notify-service-directory';
import { ReceivedTextSource } from '../providers/received-text-source';
import { ReceivedText } from './received-text';
import { ReceivedTextRepository } from './received-text.repository';
import { ReceivedTextService } from './received-text.service';

/** A poll reads at most this many pages per service (Notify keeps received texts for 7 days). */
const MAX_PAGES = 40;
export const POLL_RECEIVED_TEXTS_SCHEDULER = 'poll-received-texts';

/**
 * The fallback for received-text callbacks that are not configured or did not arrive: every
 * NOTIFY_RECEIVED_TEXT_POLL_SECONDS the worker asks each service with an inbound number for the texts
 * newer than the last one it read (its cursor), oldest first into ReceivedTextService, which stores
 * each once per Notify id — so a text that came by callback as well changes nothing.
 */
@Injectable()
export class ReceivedTextPoller implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReceivedTextPoller');

  constructor(
    private readonly directory: NotifyServiceDirectory,
    private readonly source: ReceivedTextSource,
    private readonly texts: ReceivedTextRepository,
    private readonly received: ReceivedTextService,
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .repeatEvery({ name: JobName.PollReceivedTexts, data: {}, schedulerId: POLL_RECEIVED_TEXTS_SCHEDULER, everyMs: this.config.notify.receivedTextPollSeconds * 1000 })
      .catch((error) => this.logger.warn({ msg: 'could not schedule received-text polling; callbacks still work', error: (error as Error).message }));
  }

  /** One round over every service with an inbound number; a service that fails does not stop the others. */
  async pollAll(): Promise<{ services: number; texts: number }> {
    let texts = 0;
    const services = await this.directory.withInboundNumber();
    for (const service of services) {
      try {
        texts += await this.pollService(service);
      } catch (error) {
        this.logger.warn({ msg: 'polling received texts failed; will retry', serviceId: service.serviceId, error: (error as Error).message });
      }
    }
    // Texts stored but not handled (a handler failed): tried again.
    for (const id of await this.texts.pendingIds(100)) await this.received.handle(id).catch(() => undefined);
    return { services: services.length, texts };
  }

  async pollService(service: ResolvedNotifyService): Promise<number> {
    const cursor = await this.texts.cursorOf(service.serviceId);
    const fresh: ReceivedText[] = [];
    let olderThan: string | null = null;
    pages: for (let page = 0; page < MAX_PAGES; page++) {
      const { texts, more } = await this.source.page(service.apiKey!, olderThan);
      for (const text of texts) {
        if (text.providerId === cursor) break pages;
        fresh.push(text);
      }
      if (!more || !texts.length) break;
      olderThan = texts[texts.length - 1].providerId;
    }
    const identity = { serviceId: service.serviceId, trustId: service.ownerTrustId };
    for (const text of [...fresh].reverse()) await this.received.receive(identity, text, 'poll');
    if (fresh.length) await this.texts.saveCursor(service.serviceId, fresh[0].providerId);
    return fresh.length;
  }
}
