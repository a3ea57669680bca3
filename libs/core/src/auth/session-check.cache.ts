import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { TtlCache } from './rules/ttl-cache';
import { SessionAccessState } from './session.repository';

const MAX_SESSIONS_CACHED = 10_000;

/**
 * What one API process last read about a session (revoked? user disabled? role?), kept for
 * AUTH_CACHE_SECONDS (default 5) so a busy client costs one small read per session every few seconds
 * rather than per request. The process that revokes a session or disables a user forgets it at once;
 * other processes see the change within AUTH_CACHE_SECONDS. 0 reads on every request.
 */
@Injectable()
export class SessionCheckCache extends TtlCache<string, SessionAccessState> {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(config.authCacheSeconds * 1000, MAX_SESSIONS_CACHED);
  }

  forgetUser(userId: string): void {
    this.deleteWhere((state) => state.userId === userId);
  }
}
