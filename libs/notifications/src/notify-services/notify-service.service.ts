import { Actor, APP_CONFIG, AppConfig, CommonError, ErrorDetail, isPgError, PgErrorCode, secretHint, Transactions } from '@app/core';
import { OrganisationService } from '@app/organisations';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NotificationError, NotificationErrorCode } from '../notifications.errors';
import { checkNotifyTemplates, sendOneNotifyMessage } from '../providers/govuk-notify-checks';
import { NotifyServiceDirectory } from './notify-service-directory';
import { NotifyServiceRepository, StoredNotifyService } from './notify-service.repository';
import {
  callbackTokenDigest,
  changedFields,
  checkCallbackToken,
  DEFAULT_SERVICE_RATE_PER_MINUTE,
  LetterPostage,
  NotifyServiceTemplates,
  parseByPurpose,
  serviceIdOfApiKey,
  templateFields,
} from './notify-service.rules';

export interface NotifyServiceInput {
  apiKey?: string;
  callbackToken?: string;
  templates: { sms: string; email: string; letter?: string | null; byPurpose?: unknown };
  inboundSms?: boolean;
  smsSenderId?: string | null;
  emailReplyToId?: string | null;
  letterPostage?: string | null;
  ratePerMinute?: number;
}

/** A stored service as an admin sees it: hints of the secrets, never the secrets. */
export type NotifyServiceView = Omit<StoredNotifyService, 'apiKeySealed' | 'callbackTokenSealed'>;

function viewOf(row: StoredNotifyService): NotifyServiceView {
  const { apiKeySealed: _key, callbackTokenSealed: _token, ...view } = row;
  return view;
}

/**
 * Connecting, changing, trying out and removing a trust's own GOV.UK Notify service (docs/domain.md "A
 * trust's Notify service"). The key is checked with Notify before anything is stored; secrets are
 * sealed (docs/secrets.md) and never logged or returned. Every change is audited with who made it.
 */
@Injectable()
export class NotifyServiceService {
  private readonly logger = new Logger('NotifyServices');

  constructor(
    private readonly repository: NotifyServiceRepository,
    private readonly directory: NotifyServiceDirectory,
    private readonly organisations: OrganisationService,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(trustId: string): Promise<NotifyServiceView> {
    const row = await this.repository.findByTrust(null, trustId);
    if (!row) throw this.notConnected();
    return viewOf(row);
  }

  async put(trustId: string, input: NotifyServiceInput, actor: Actor): Promise<NotifyServiceView> {
    await this.organisations.getTrust(trustId);
    const box = this.directory.secretBox();
    if (!box) throw new NotificationError(NotificationErrorCode.SecretsKeyMissing, 'This deployment has no SECRETS_KEY, so it cannot store a GOV.UK Notify key (docs/secrets.md)');
    const existing = await this.repository.findByTrust(null, trustId);

    const problems: ErrorDetail[] = [];
    const apiKey = input.apiKey?.trim() ?? (existing ? box.open(existing.apiKeySealed) : null);
    const serviceId = apiKey ? serviceIdOfApiKey(apiKey) : null;
    if (!apiKey) problems.push({ field: 'apiKey', message: 'is required to connect a GOV.UK Notify service' });
    else if (!serviceId) problems.push({ field: 'apiKey', message: 'is not a GOV.UK Notify API key (name-<service id>-<secret>, as Notify shows it once when it is made)' });
    const callbackToken = input.callbackToken ?? (existing ? box.open(existing.callbackTokenSealed) : null);
    if (callbackToken === null) problems.push({ field: 'callbackToken', message: 'is required to connect a GOV.UK Notify service (Notify sends it with every callback)' });
    else problems.push(...checkCallbackToken(callbackToken));
    if (callbackToken !== null && callbackToken === this.config.notify.callbackToken) {
      problems.push({ field: 'callbackToken', message: 'must differ from the deployment’s NOTIFY_CALLBACK_TOKEN: the token is how a receipt says whose it is' });
    }
    const { byPurpose, problems: purposeProblems } = parseByPurpose(input.templates.byPurpose);
    problems.push(...purposeProblems);
    if (problems.length) throw CommonError.validation(problems);

    const templates: NotifyServiceTemplates = {
      sms: input.templates.sms.toLowerCase(),
      email: input.templates.email.toLowerCase(),
      letter: input.templates.letter?.toLowerCase() ?? null,
      byPurpose,
    };
    const outcome = await checkNotifyTemplates(apiKey!, this.config.notify.baseUrl, 'apiKey', templateFields(templates));
    if (!outcome.ok && outcome.unavailable) throw new NotificationError(NotificationErrorCode.NotifyUnavailable, outcome.message, [], { retryAfterSeconds: 30 });
    if (!outcome.ok) throw new NotificationError(NotificationErrorCode.NotifyServiceRejected, 'GOV.UK Notify refused the service as given', outcome.problems);

    const write = {
      serviceId: serviceId!,
      apiKeySealed: box.seal(apiKey!),
      apiKeyHint: secretHint(apiKey!),
      callbackTokenSealed: box.seal(callbackToken!),
      callbackTokenDigest: callbackTokenDigest(callbackToken!),
      callbackTokenHint: secretHint(callbackToken!),
      templates,
      smsSenderId: input.smsSenderId?.toLowerCase() ?? null,
      emailReplyToId: input.emailReplyToId?.toLowerCase() ?? null,
      letterPostage: (input.letterPostage as LetterPostage | null | undefined) ?? null,
      ratePerMinute: input.ratePerMinute ?? DEFAULT_SERVICE_RATE_PER_MINUTE,
      inboundSms: input.inboundSms ?? false,
    };
    // What the audit records changed: secrets by whether they changed (compared opened), never their values.
    const comparable = (row: { serviceId: string; templates: unknown; smsSenderId: string | null; emailReplyToId: string | null; letterPostage: string | null; ratePerMinute: number; inboundSms: boolean }) => ({
      serviceId: row.serviceId,
      templates: row.templates,
      smsSenderId: row.smsSenderId,
      emailReplyToId: row.emailReplyToId,
      letterPostage: row.letterPostage,
      ratePerMinute: row.ratePerMinute,
      inboundSms: row.inboundSms,
    });
    const changed = existing
      ? [
          ...changedFields(comparable(existing), comparable(write)),
          ...(box.open(existing.apiKeySealed) !== apiKey ? ['apiKey'] : []),
          ...(box.open(existing.callbackTokenSealed) !== callbackToken ? ['callbackToken'] : []),
        ].sort()
      : ['apiKey', 'callbackToken', ...Object.keys(comparable(write))].sort();

    try {
      await this.transactions.run(async (tx) => {
        await this.repository.upsert(tx, trustId, write, actor.id);
        await this.repository.audit(tx, trustId, { action: existing ? 'changed' : 'connected', actorId: actor.id, changedFields: changed, detail: { serviceId: write.serviceId, apiKeyHint: write.apiKeyHint } });
      });
    } catch (error) {
      if (isPgError(error, PgErrorCode.UniqueViolation, 'notify_service_callback_token_unique')) {
        throw new NotificationError(NotificationErrorCode.CallbackTokenTaken, 'Another trust already uses this callback token', [{ field: 'callbackToken', message: 'is already another trust’s: give each trust its own token' }]);
      }
      throw error;
    }
    this.directory.invalidate();
    this.logger.log({ msg: existing ? 'notify service changed' : 'notify service connected', trustId, serviceId: write.serviceId, changedFields: changed, actorId: actor.id });
    return this.get(trustId);
  }

  /** Back to the deployment's key: messages not yet sent go through it from the next send. */
  async remove(trustId: string, actor: Actor): Promise<void> {
    const removed = await this.transactions.run(async (tx) => {
      const row = await this.repository.findByTrust(tx, trustId, { lock: true });
      if (!row) return null;
      await this.repository.delete(tx, trustId);
      await this.repository.audit(tx, trustId, { action: 'removed', actorId: actor.id, changedFields: [], detail: { serviceId: row.serviceId } });
      return row;
    });
    if (!removed) throw this.notConnected();
    this.directory.invalidate();
    this.logger.log({ msg: 'notify service removed', trustId, serviceId: removed.serviceId, actorId: actor.id });
  }

  /** One message through the trust's own service to an address the admin gives, to prove the connection. */
  async sendTrialMessage(trustId: string, to: { phoneNumber?: string; email?: string }, actor: Actor): Promise<{ channel: 'sms' | 'email'; notifyId: string }> {
    if (!to.phoneNumber === !to.email) {
      throw CommonError.validation([{ field: to.phoneNumber ? 'email' : 'phoneNumber', message: 'give exactly one of phoneNumber or email' }]);
    }
    const trust = await this.organisations.getTrust(trustId);
    const service = await this.directory.forTrust(trustId);
    if (service.ownerTrustId !== trustId || !service.apiKey) throw this.notConnected();
    const channel = to.phoneNumber ? 'sms' : 'email';
    const body = `Test message from ${trust.name}: its GOV.UK Notify service is connected to Strike Ops. No action is needed.`;
    const outcome = await sendOneNotifyMessage(service.apiKey, this.config.notify.baseUrl, {
      channel,
      templateId: channel === 'sms' ? service.templates.sms! : service.templates.email!,
      to: (to.phoneNumber ?? to.email)!,
      subject: `${trust.name}: GOV.UK Notify test`,
      body,
      reference: `test-${randomUUID()}`,
      smsSenderId: service.smsSenderId,
      emailReplyToId: service.emailReplyToId,
    });
    await this.repository.audit(null, trustId, { action: 'tested', actorId: actor.id, changedFields: [], detail: { channel, outcome: outcome.ok ? 'sent' : outcome.unavailable ? 'unavailable' : 'refused' } });
    if (!outcome.ok && outcome.unavailable) throw new NotificationError(NotificationErrorCode.NotifyUnavailable, outcome.message, [], { retryAfterSeconds: 30 });
    if (!outcome.ok) throw new NotificationError(NotificationErrorCode.NotifyServiceRejected, 'GOV.UK Notify refused the test message', outcome.problems);
    return { channel, notifyId: outcome.notifyId };
  }

  /**
   * After SECRETS_KEY rotates (docs/secrets.md): every stored key and token still sealed with the previous
   * key is sealed again with the current one. Returns how many services were re-sealed.
   */
  async resealAll(): Promise<number> {
    const box = this.directory.secretBox();
    if (!box) throw new NotificationError(NotificationErrorCode.SecretsKeyMissing, 'SECRETS_KEY is not set: nothing can be re-sealed');
    const count = await this.transactions.run(async (tx) => {
      const rows = (await this.repository.all()).filter((row) => box.needsResealing(row.apiKeySealed) || box.needsResealing(row.callbackTokenSealed));
      return this.repository.reseal(
        tx,
        rows.map((row) => ({ trustId: row.trustId, apiKeySealed: box.seal(box.open(row.apiKeySealed)), callbackTokenSealed: box.seal(box.open(row.callbackTokenSealed)) })),
      );
    });
    this.directory.invalidate();
    this.logger.log({ msg: 'notify service secrets re-sealed with the current SECRETS_KEY', services: count });
    return count;
  }

  private notConnected(): NotificationError {
    return new NotificationError(NotificationErrorCode.NotifyServiceNotConnected, 'This trust has not connected its own GOV.UK Notify service: it sends through the deployment’s');
  }
}
