import { APP_CONFIG, AppConfig, NotifyChannelName } from '@app/core';
import { Inject, Injectable } from '@nestjs/common';

/**
 * A sending service is one GOV.UK Notify service (one API key): the unit Notify applies its rate and
 * daily limits to. Today every trust sends through the deployment's key; when a trust connects its own
 * Notify service this is where it gets its own key (and its own counters, keyed by this id).
 */
export const DEPLOYMENT_SENDING_SERVICE = 'deployment';

export interface SendingService {
  /** Stable id of the Notify service, used as the key of its counters. */
  id: string;
  /** Messages Notify accepts from this service per UTC day, per channel. */
  dailyLimits: Record<NotifyChannelName, number>;
  ratePerMinute: number;
}

@Injectable()
export class SendingServices {
  private readonly deployment: SendingService;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.deployment = { id: DEPLOYMENT_SENDING_SERVICE, dailyLimits: config.notify.dailyLimits, ratePerMinute: config.notify.ratePerMinute };
  }

  of(_trustId: string): SendingService {
    return this.deployment;
  }

  all(): SendingService[] {
    return [this.deployment];
  }
}
