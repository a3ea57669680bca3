import { APP_CONFIG, AppConfig, ConfigError, NotifyChannelName, SecretBox } from '@app/core';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { NotifyChannel, NotifyPurpose } from '../messages/notify-purpose';
import type { ServiceScope } from '../notifications/notification.repository';
import { NotifyServiceRepository, StoredNotifyService } from './notify-service.repository';
import { bearerOf, callbackTokenDigest, LetterPostage } from './notify-service.rules';

/** The deployment's own Notify service (NOTIFY_API_KEY): the id of its counters, limiter and metrics. */
export const DEPLOYMENT_SENDING_SERVICE = 'deployment';

/** Template ids a service sends with: per channel, with per-purpose overrides. */
export interface ResolvedTemplates {
  sms: string | null;
  email: string | null;
  letter: string | null;
  byPurpose: Partial<Record<NotifyPurpose, Partial<Record<NotifyChannel, string>>>>;
}

/**
 * One GOV.UK Notify service as the sender sees it: a trust's own (its key, limits, templates) or the
 * deployment's (the environment's). `serviceId` keys everything counted per service: the rate limiter,
 * the 429 cool-down, the daily counts, the metrics. Secrets are open here: never log one of these.
 */
export interface ResolvedNotifyService {
  /** `deployment`, or the trust's Notify service id (its API key's issuer). */
  serviceId: string;
  /** The trust that connected it; null for the deployment's service (shared by every trust without one). */
  ownerTrustId: string | null;
  /** Null only with the log provider (development: nothing leaves the building). */
  apiKey: string | null;
  ratePerMinute: number;
  /** Messages Notify accepts from this service per UTC day and channel. */
  dailyLimits: Record<NotifyChannelName, number>;
  /** The service has an inbound number: people can reply to its texts. */
  hasInboundNumber: boolean;
  smsSenderId: string | null;
  emailReplyToId: string | null;
  letterPostage: LetterPostage | null;
  templates: ResolvedTemplates;
}

/** Whose callback a bearer token is: a trust's service, or the deployment's token (trustId null). */
export interface CallbackIdentity {
  serviceId: string;
  trustId: string | null;
}

/** How long a process trusts its copy of the stored services: a change reaches every worker within this. */
export const DIRECTORY_REFRESH_MS = 5_000;

interface Snapshot {
  loadedAt: number;
  byTrust: Map<string, ResolvedNotifyService>;
}

/**
 * Which Notify service each trust sends through (docs/domain.md "A trust's Notify service"), for the
 * dispatcher, the receipt and received-text callbacks and the inbound poller. Stored services are read
 * once and kept for DIRECTORY_REFRESH_MS (the send path asks per message); a save in this process
 * refreshes at once. The keys are opened here and only here.
 */
@Injectable()
export class NotifyServiceDirectory implements OnApplicationBootstrap {
  private readonly box: SecretBox | null;
  private readonly deployment: ResolvedNotifyService;
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;

  constructor(
    private readonly repository: NotifyServiceRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.box = config.secrets ? new SecretBox(config.secrets) : null;
    const templates = config.notify.templates;
    this.deployment = {
      serviceId: DEPLOYMENT_SENDING_SERVICE,
      ownerTrustId: null,
      apiKey: config.notify.apiKey,
      ratePerMinute: config.notify.ratePerMinute,
      dailyLimits: config.notify.dailyLimits,
      hasInboundNumber: config.notify.inboundSms,
      smsSenderId: null,
      emailReplyToId: null,
      letterPostage: null,
      templates: { sms: templates.sms, email: templates.email, letter: templates.letter, byPurpose: templates.byPurpose as ResolvedTemplates['byPurpose'] },
    };
  }

  /** Production without SECRETS_KEY cannot open stored keys: refuse to start rather than fail each send. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.box && (await this.repository.count()) > 0) {
      throw new ConfigError('SECRETS_KEY', 'is required in production once a trust has connected its own GOV.UK Notify service (docs/secrets.md)');
    }
  }

  /** The SecretBox sealing this deployment's secrets (null in production without SECRETS_KEY). */
  secretBox(): SecretBox | null {
    return this.box;
  }

  deploymentService(): ResolvedNotifyService {
    return this.deployment;
  }

  /** The trust's own service, or the deployment's when it has none. */
  async forTrust(trustId: string): Promise<ResolvedNotifyService> {
    return (await this.current()).byTrust.get(trustId) ?? this.deployment;
  }

  /** Trusts with their own service, by trust id (the others send through the deployment's). */
  async ownServices(): Promise<ReadonlyMap<string, ResolvedNotifyService>> {
    return (await this.current()).byTrust;
  }

  /** Every service anything may send through now: each trust's own, then the deployment's. */
  async all(): Promise<ResolvedNotifyService[]> {
    const own = [...(await this.current()).byTrust.values()];
    const unique = new Map(own.map((service) => [service.serviceId, service]));
    return [...unique.values(), this.deployment];
  }

  /** A service by its id (`deployment` or a Notify service id), or null when none is stored now. */
  async byServiceId(serviceId: string): Promise<ResolvedNotifyService | null> {
    if (serviceId === DEPLOYMENT_SENDING_SERVICE) return this.deployment;
    return (await this.all()).find((service) => service.serviceId === serviceId) ?? null;
  }

  /** The trusts whose messages a service sends: its owner(s), or for the deployment's every other trust. */
  async scopeOf(service: ResolvedNotifyService): Promise<ServiceScope> {
    const own = [...(await this.current()).byTrust.values()];
    if (service.serviceId === DEPLOYMENT_SENDING_SERVICE) return { exceptTrustIds: own.map((s) => s.ownerTrustId!) };
    return { trustIds: own.filter((s) => s.serviceId === service.serviceId).map((s) => s.ownerTrustId!) };
  }

  /** Services whose texts can be answered, for polling Notify's received-text-messages API. */
  async withInboundNumber(): Promise<ResolvedNotifyService[]> {
    return (await this.all()).filter((service) => service.hasInboundNumber && service.apiKey !== null);
  }

  /**
   * Whose callback this is, from its bearer token (the token itself, or a whole `Bearer …` header value;
   * a caller reading a header should insist on the Bearer scheme first): a trust's callback token (looked
   * up by its digest, so a token saved a moment ago in another process is found too) or the deployment's
   * NOTIFY_CALLBACK_TOKEN. Null when it is neither.
   */
  async byCallbackToken(bearer: string | undefined | null): Promise<CallbackIdentity | null> {
    const token = bearer ? (bearerOf(bearer) ?? bearer.trim()) : '';
    if (!token) return null;
    const expected = this.config.notify.callbackToken;
    const digest = (value: string) => createHash('sha256').update(value).digest();
    if (expected && timingSafeEqual(digest(token), digest(expected))) return { serviceId: DEPLOYMENT_SENDING_SERVICE, trustId: null };
    const found = await this.repository.findByCallbackDigest(callbackTokenDigest(token));
    return found ? { serviceId: found.serviceId, trustId: found.trustId } : null;
  }

  /** Forget the copy: the next question reads the table again (after a save in this process). */
  invalidate(): void {
    this.snapshot = null;
  }

  private async current(): Promise<Snapshot> {
    if (this.snapshot && Date.now() - this.snapshot.loadedAt < DIRECTORY_REFRESH_MS) return this.snapshot;
    // One read for every caller waiting at once (the send path asks per message).
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const rows = await this.repository.all();
    const byTrust = new Map(rows.map((row) => [row.trustId, this.resolve(row)]));
    this.snapshot = { loadedAt: Date.now(), byTrust };
    return this.snapshot;
  }

  private resolve(row: StoredNotifyService): ResolvedNotifyService {
    if (!this.box) throw new ConfigError('SECRETS_KEY', 'is required to open the stored GOV.UK Notify keys (docs/secrets.md)');
    return {
      serviceId: row.serviceId,
      ownerTrustId: row.trustId,
      apiKey: this.box.open(row.apiKeySealed),
      ratePerMinute: row.ratePerMinute,
      dailyLimits: this.config.notify.dailyLimits,
      hasInboundNumber: row.inboundSms,
      smsSenderId: row.smsSenderId,
      emailReplyToId: row.emailReplyToId,
      letterPostage: row.letterPostage,
      templates: { sms: row.templates.sms, email: row.templates.email, letter: row.templates.letter, byPurpose: row.templates.byPurpose ?? {} },
    };
  }
}
