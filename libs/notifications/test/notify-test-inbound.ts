/**
 * Received texts for the GOV.UK Notify test server: what a service with an inbound number receives when
 * people reply. A test injects a text (`receiveText`); it is listed by `GET /v2/received-text-messages`
 * (newest first, 250 a page, `older_than=<id>` for the next page, as Notify pages them) and, when a
 * callback is configured, POSTed to it with the service's bearer token, in Notify's callback shape.
 */
import { randomUUID } from 'node:crypto';

export interface InjectedText {
  /** The sender's number; Notify writes UK numbers as 447700900123. */
  from: string;
  content: string;
  /** Defaults to now. */
  receivedAt?: Date;
  /** Defaults to the server's callback setting; false to only list it (a missed callback). */
  callback?: boolean;
}

export interface StoredReceivedText {
  id: string;
  createdAt: Date;
  notifyNumber: string;
  userNumber: string;
  serviceId: string;
  content: string;
}

export interface ReceivedTextCallback {
  url: string;
  bearerToken: string;
}

/** Notify's received-text callback body. */
export function receivedTextCallbackBody(text: StoredReceivedText): Record<string, string> {
  return {
    id: text.id,
    source_number: text.userNumber,
    destination_number: text.notifyNumber,
    message: text.content,
    date_received: text.createdAt.toISOString(),
  };
}

const PAGE_SIZE = 250;

export class ReceivedTexts {
  /** Oldest first, as they arrived. */
  readonly texts: StoredReceivedText[] = [];
  callback: ReceivedTextCallback | null = null;
  /** Each callback's HTTP status (or the error), for tests to assert on. */
  readonly callbackResults: (number | string)[] = [];

  constructor(
    private readonly serviceId: string,
    readonly notifyNumber = '07700900000',
  ) {}

  async receive(text: InjectedText): Promise<StoredReceivedText> {
    const stored: StoredReceivedText = {
      id: randomUUID(),
      createdAt: text.receivedAt ?? new Date(),
      notifyNumber: this.notifyNumber,
      userNumber: text.from,
      serviceId: this.serviceId,
      content: text.content,
    };
    this.texts.push(stored);
    if (this.callback && text.callback !== false) await this.fire(this.callback, stored);
    return stored;
  }

  private async fire(callback: ReceivedTextCallback, text: StoredReceivedText): Promise<void> {
    try {
      const response = await fetch(callback.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${callback.bearerToken}` },
        body: JSON.stringify(receivedTextCallbackBody(text)),
      });
      this.callbackResults.push(response.status);
    } catch (error) {
      this.callbackResults.push(String(error));
    }
  }

  /** `GET /v2/received-text-messages[?older_than=<id>]`; an unknown `older_than` gives an empty page, as Notify's does. */
  list(baseUrl: string, olderThan: string | null) {
    let newestFirst = [...this.texts].reverse();
    if (olderThan !== null) {
      const index = newestFirst.findIndex((text) => text.id === olderThan);
      newestFirst = index === -1 ? [] : newestFirst.slice(index + 1);
    }
    const page = newestFirst.slice(0, PAGE_SIZE);
    const current = `${baseUrl}/v2/received-text-messages${olderThan ? `?older_than=${olderThan}` : ''}`;
    const links: { current: string; next?: string } = { current };
    if (page.length === PAGE_SIZE) links.next = `${baseUrl}/v2/received-text-messages?older_than=${page[page.length - 1].id}`;
    return {
      received_text_messages: page.map((text) => ({
        id: text.id,
        created_at: text.createdAt.toISOString(),
        notify_number: text.notifyNumber,
        user_number: text.userNumber,
        service_id: text.serviceId,
        content: text.content,
      })),
      links,
    };
  }
}
