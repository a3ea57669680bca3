import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * Carries the request id through everything a request causes (services, repositories, logs) without
 * threading it through every call. Workers open a context per job so their logs carry the job id too.
 */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Used by the HTTP hook: the rest of the request runs inside this context. */
export function enterRequestContext(context: RequestContext): void {
  storage.enterWith(context);
}

const ACCEPTABLE_INCOMING_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Honour a caller's X-Request-Id when it is harmless, so a trace can span systems; else make one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTABLE_INCOMING_ID.test(value) ? value : randomUUID();
}
