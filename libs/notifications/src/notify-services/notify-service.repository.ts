import { UnitOfWork } from '@app/core';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LetterPostage, NotifyServiceTemplates } from './notify-service.rules';

/** A stored row: secrets still sealed (only the directory opens them). */
export interface StoredNotifyService {
  trustId: string;
  serviceId: string;
  apiKeySealed: string;
  apiKeyHint: string;
  callbackTokenSealed: string;
  callbackTokenHint: string;
  templates: NotifyServiceTemplates;
  smsSenderId: string | null;
  emailReplyToId: string | null;
  letterPostage: LetterPostage | null;
  ratePerMinute: number;
  inboundSms: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface NotifyServiceWrite {
  serviceId: string;
  apiKeySealed: string;
  apiKeyHint: string;
  callbackTokenSealed: string;
  callbackTokenDigest: Buffer;
  callbackTokenHint: string;
  templates: NotifyServiceTemplates;
  smsSenderId: string | null;
  emailReplyToId: string | null;
  letterPostage: LetterPostage | null;
  ratePerMinute: number;
  inboundSms: boolean;
}

export type NotifyServiceAuditAction = 'connected' | 'changed' | 'removed' | 'tested';

export interface NotifyServiceAuditEntry {
  action: NotifyServiceAuditAction;
  actorId: string | null;
  changedFields: string[];
  detail: Record<string, unknown>;
  at: Date;
}

const COLUMNS = `trust_id AS "trustId", service_id AS "serviceId", api_key_sealed AS "apiKeySealed", api_key_hint AS "apiKeyHint",
  callback_token_sealed AS "callbackTokenSealed", callback_token_hint AS "callbackTokenHint", templates,
  sms_sender_id AS "smsSenderId", email_reply_to_id AS "emailReplyToId", letter_postage AS "letterPostage",
  rate_per_minute AS "ratePerMinute", inbound_sms AS "inboundSms", created_at AS "createdAt", updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** `notify_service` and its audit trail (docs/domain.md "A trust's Notify service"). */
@Injectable()
export class NotifyServiceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every trust's service: a deployment has at most a few hundred trusts, so the directory loads them all. */
  all(): Promise<StoredNotifyService[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM notify_service ORDER BY trust_id`);
  }

  async count(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notify_service`);
    return rows[0].n;
  }

  async findByTrust(tx: UnitOfWork | null, trustId: string, options: { lock?: boolean } = {}): Promise<StoredNotifyService | null> {
    const rows: StoredNotifyService[] = await (tx ?? this.dataSource).query(`SELECT ${COLUMNS} FROM notify_service WHERE trust_id = $1${options.lock ? ' FOR UPDATE' : ''}`, [trustId]);
    return rows[0] ?? null;
  }

  /** The trust whose callback token has this SHA-256 (the column is unique). */
  async findByCallbackDigest(digest: Buffer): Promise<{ trustId: string; serviceId: string } | null> {
    const rows: { trustId: string; serviceId: string }[] = await this.dataSource.query(
      `SELECT trust_id AS "trustId", service_id AS "serviceId" FROM notify_service WHERE callback_token_digest = $1`,
      [digest],
    );
    return rows[0] ?? null;
  }

  async upsert(tx: UnitOfWork, trustId: string, write: NotifyServiceWrite, actorId: string): Promise<void> {
    await tx.query(
      `INSERT INTO notify_service (trust_id, service_id, api_key_sealed, api_key_hint, callback_token_sealed, callback_token_digest, callback_token_hint,
         templates, sms_sender_id, email_reply_to_id, letter_postage, rate_per_minute, inbound_sms, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (trust_id) DO UPDATE SET service_id = EXCLUDED.service_id, api_key_sealed = EXCLUDED.api_key_sealed, api_key_hint = EXCLUDED.api_key_hint,
         callback_token_sealed = EXCLUDED.callback_token_sealed, callback_token_digest = EXCLUDED.callback_token_digest, callback_token_hint = EXCLUDED.callback_token_hint,
         templates = EXCLUDED.templates, sms_sender_id = EXCLUDED.sms_sender_id, email_reply_to_id = EXCLUDED.email_reply_to_id, letter_postage = EXCLUDED.letter_postage,
         rate_per_minute = EXCLUDED.rate_per_minute, inbound_sms = EXCLUDED.inbound_sms, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [
        trustId,
        write.serviceId,
        write.apiKeySealed,
        write.apiKeyHint,
        write.callbackTokenSealed,
        write.callbackTokenDigest,
        write.callbackTokenHint,
        JSON.stringify(write.templates),
        write.smsSenderId,
        write.emailReplyToId,
        write.letterPostage,
        write.ratePerMinute,
        write.inboundSms,
        actorId,
      ],
    );
  }

  async delete(tx: UnitOfWork, trustId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`DELETE FROM notify_service WHERE trust_id = $1 RETURNING trust_id`, [trustId]);
    return rows.length > 0;
  }

  /** Re-seals every stored secret (a SECRETS_KEY rotation, docs/secrets.md); returns how many rows changed. */
  async reseal(tx: UnitOfWork, rows: { trustId: string; apiKeySealed: string; callbackTokenSealed: string }[]): Promise<number> {
    if (!rows.length) return 0;
    const updated: unknown[] = await tx.query(
      `UPDATE notify_service n SET api_key_sealed = u.api_key, callback_token_sealed = u.token
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(trust_id, api_key, token) WHERE n.trust_id = u.trust_id RETURNING n.trust_id`,
      [rows.map((r) => r.trustId), rows.map((r) => r.apiKeySealed), rows.map((r) => r.callbackTokenSealed)],
    );
    return updated.length;
  }

  async audit(tx: UnitOfWork | null, trustId: string, entry: Omit<NotifyServiceAuditEntry, 'at'>): Promise<void> {
    await (tx ?? this.dataSource).query(
      `INSERT INTO notify_service_audit (trust_id, actor_id, action, changed_fields, detail) VALUES ($1, $2, $3, $4::text[], $5::jsonb)`,
      [trustId, entry.actorId, entry.action, entry.changedFields, JSON.stringify(entry.detail)],
    );
  }

  auditOf(trustId: string, limit = 50): Promise<NotifyServiceAuditEntry[]> {
    return this.dataSource.query(
      `SELECT action, actor_id AS "actorId", changed_fields AS "changedFields", detail, at FROM notify_service_audit WHERE trust_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [trustId, limit],
    );
  }
}
